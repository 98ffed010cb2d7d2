using Microsoft.AspNetCore.OutputCaching;
using MarketShock.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Serilog;

namespace MarketShock.Caching;

/// <summary>
/// A change to what the reader pages show, announced through PostgreSQL: whoever commits a change (an import, from the
/// site or the command line, an admin's edit, a recomputation) sends a notification in the same transaction, delivered
/// when it commits and only then; every instance of the site listens and evicts its cached pages, or the shared Redis
/// entries, at once.
/// </summary>
internal static class DataChanges
{
    public const string Channel = "marketshock_data_changed";

    /// <summary>Announces, on commit of the current transaction (or at once outside one), that the data changed.</summary>
    public static Task AnnounceAsync(MarketShockDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync($"SELECT pg_notify('{Channel}', '')", ct);
}

/// <summary>Listens for <see cref="DataChanges"/> on a connection of its own and evicts the cached responses of the data.</summary>
internal sealed class DataChangeListener(IConfiguration configuration, IOutputCacheStore store) : BackgroundService
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var connectionString = configuration.GetConnectionString(DataServices.ConnectionName);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                var heard = false;
                connection.Notification += (_, _) => heard = true;
                await using (var listen = new NpgsqlCommand($"LISTEN {DataChanges.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(ct);
                // Changes made while no connection listened were not heard: whatever is cached may be stale.
                await EvictAsync(ct);
                while (!ct.IsCancellationRequested)
                {
                    await connection.WaitAsync(ct);
                    if (heard)
                    {
                        heard = false;
                        await EvictAsync(ct);
                    }
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && DatabaseStartup.IsUnreachable(ex))
            {
                Log.Warning("Not listening for data changes ({Reason}): trying again; the cache is emptied when it listens", ex.Message);
                await Task.Delay(Reconnect, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task EvictAsync(CancellationToken ct)
    {
        try
        {
            await store.EvictByTagAsync(CacheServices.DataTag, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A shared store (Redis) that does not answer: its entries expire by themselves.
            Log.Warning(ex, "Could not evict the cached pages after a data change: {Reason}", ex.Message);
        }
    }
}
