using System.Diagnostics;
using System.Globalization;
using System.Text;
using MarketShock.Data;
using MarketShock.Imports;
using MarketShock.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MarketShock.Tests.Imports;

/// <summary>
/// An import whose database connection is lost: once, it is retried as a whole (copy to staging, merge, log) and completes with
/// every row once; for longer than the retries last, the command says so in one line, stores nothing and exits 1. The database
/// is the test run's, reached through a relay that cuts its connections.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class InterruptedImportTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private static readonly string[] Tickers = ["AMD", "AAPL", "MSFT", "AVGO", "TSM"];
    private readonly Files _files = new();

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        ImportHelpers.AssertImported(await app.ImportAsync(Files.Fixture("yahoo", "NVDA.csv")));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task An_import_whose_connection_is_cut_once_is_retried_and_stores_every_row_once()
    {
        const int days = 8000;
        var path = _files.Write("AMD.csv", PriceFile(days, "", 1990));
        await using var relay = new TcpRelay(new NpgsqlConnectionStringBuilder(app.ConnectionString).Port);
        relay.Open();
        var (opens, cut) = (0, false);
        // Halfway through the file, past the part the format is recognised from, the first time it is read.
        var source = new ImportSource("AMD.csv", new FileInfo(path).Length, () =>
        {
            opens++;
            return new CallbackStream(File.OpenRead(path), new FileInfo(path).Length / 2, () =>
            {
                if (!cut)
                    relay.Cut();
                cut = true;
            });
        });

        await using var services = Services(relay, retries: 3);
        await using var scope = services.CreateAsyncScope();
        var log = await new Importer(scope.ServiceProvider.GetRequiredService<MarketShockDbContext>(), TimeProvider.System,
            NullLogger<Importer>.Instance).ImportAsync(source, new ImportRequest("tests"));

        ImportHelpers.AssertImported(log);
        Assert.True(cut && opens > 2, $"the connection was cut: {cut}; the file was opened {opens} time(s)");
        Assert.Equal(days, log.RowsInserted);
        Assert.Equal($"{days} {days}", await app.ScalarAsync<string>(
            "SELECT count(*) || ' ' || count(DISTINCT p.date) FROM daily_prices p JOIN companies c ON c.id = p.company_id WHERE c.ticker = 'AMD'"));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM import_logs WHERE file_name = 'AMD.csv'"));
        Assert.Equal(days - 1L, await app.ScalarAsync<long>(
            "SELECT count(p.change) FROM daily_prices p JOIN companies c ON c.id = p.company_id WHERE c.ticker = 'AMD'"));
    }

    /// <summary>
    /// A restart ends the server's sessions with admin_shutdown, which pg_terminate_backend sends to one: here to the first
    /// load's COPY (the database has no price yet), which is run again from the file and completes. (The restart itself, where
    /// the COPY writer's clean-up used to hide that error behind its own, is bench/load.sh --faults.)
    /// </summary>
    [Fact]
    public async Task A_first_load_whose_session_the_server_ends_is_retried_and_stores_every_row_once()
    {
        await app.ResetAsync();
        const int days = 8000;
        var path = _files.Write("AMD.csv", PriceFile(days, "", 1990));
        var terminated = 0;
        var source = new ImportSource("AMD.csv", new FileInfo(path).Length, () =>
            new CallbackStream(File.OpenRead(path), new FileInfo(path).Length / 2, () =>
            {
                if (terminated > 0)
                    return;
                using var admin = new NpgsqlConnection(app.ConnectionString);
                admin.Open();
                using var end = new NpgsqlCommand("""
                    SELECT count(pg_terminate_backend(pid))::int FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'COPY%'
                    """, admin);
                terminated = (int)end.ExecuteScalar()!;
            }));

        await using var services = new ServiceCollection().AddLogging().AddMarketShockData(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:MarketShock"] = app.ConnectionString, ["MarketShock:Database:MaxRetryDelay"] = "00:00:01",
            }).Build()).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var log = await new Importer(scope.ServiceProvider.GetRequiredService<MarketShockDbContext>(), TimeProvider.System,
            NullLogger<Importer>.Instance).ImportAsync(source, new ImportRequest("tests"));

        Assert.Equal(1, terminated);
        ImportHelpers.AssertImported(log);
        Assert.Equal(days, log.RowsInserted);
        Assert.Equal((long)days, await app.ScalarAsync<long>("SELECT count(*) FROM daily_prices"));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM import_logs"));
    }

    [Fact]
    public async Task A_database_lost_for_longer_than_the_retries_stops_the_import_command_with_one_line_and_stores_nothing()
    {
        var path = _files.Write("prices.csv", string.Concat(Tickers.Select((t, i) => PriceFile(40_000, t, 1900, header: i == 0))));
        await using var relay = new TcpRelay(new NpgsqlConnectionStringBuilder(app.ConnectionString).Port);
        relay.Open();
        var connection = new NpgsqlConnectionStringBuilder(app.ConnectionString) { Port = relay.Port, Timeout = 3 }.ConnectionString;
        using var process = Process.Start(app.StartInfo(["import", path], new Dictionary<string, string>
        {
            ["ConnectionStrings__MarketShock"] = connection,
            ["MarketShock__Database__MaxRetryCount"] = "2",
            ["MarketShock__Database__MaxRetryDelay"] = "00:00:01",
        }))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = new StringBuilder();
        // Once the command is past its start (the schema checked) and its rows stream into the staging table (a MB of them), the
        // database goes away: the connections open are cut and new ones refused.
        var migrated = new TaskCompletionSource();
        var reading = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                error.AppendLine(line);
                if (line.Contains("Database schema is at migration", StringComparison.Ordinal))
                    migrated.TrySetResult();
            }
            migrated.TrySetResult();
        });
        await migrated.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var started = relay.BytesSent;
        while (relay.BytesSent < started + 1_000_000 && !process.HasExited)
            await Task.Delay(5);
        await relay.CloseAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        await reading;

        var all = $"exit {process.ExitCode}\n{await output}\n{error}";
        Assert.True(process.ExitCode == 1, all);
        Assert.True(error.ToString().Contains($"the database connection was lost while importing {path}; nothing from it was stored; run the import again",
            StringComparison.Ordinal), all);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", all, StringComparison.Ordinal);
        Assert.Equal("NVDA", await app.ScalarAsync<string>("SELECT string_agg(DISTINCT c.ticker, ' ') FROM daily_prices p JOIN companies c ON c.id = p.company_id"));
        Assert.Equal(7L, await app.ScalarAsync<long>("SELECT count(*) FROM daily_prices"));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM import_logs WHERE file_name = 'prices.csv'"));
    }

    /// <summary>The app's data services on the relay's port, with retries of at most a second apart.</summary>
    private ServiceProvider Services(TcpRelay relay, int retries)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:MarketShock"] = new NpgsqlConnectionStringBuilder(app.ConnectionString) { Port = relay.Port, Timeout = 3 }.ConnectionString,
            ["MarketShock:Database:MaxRetryCount"] = retries.ToString(CultureInfo.InvariantCulture),
            ["MarketShock:Database:MaxRetryDelay"] = "00:00:01",
        }).Build();
        return new ServiceCollection().AddLogging().AddMarketShockData(configuration).BuildServiceProvider();
    }

    /// <summary>A Yahoo file (or rows of a long file, with <paramref name="ticker"/>) of one row a day from 1 January of a year.</summary>
    private static string PriceFile(int days, string ticker, int year, bool header = true)
    {
        var text = new StringBuilder(header ? (ticker.Length > 0 ? "Ticker," : "") + ImportHelpers.Header + "\n" : "");
        var first = new DateOnly(year, 1, 1);
        for (var i = 0; i < days; i++)
        {
            var close = 100 + i % 7;
            text.Append(ticker.Length > 0 ? ticker + "," : "").Append(first.AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Append(CultureInfo.InvariantCulture, $",{close},{close + 1},{close - 1},{close}.5,{close}.5,{1000 + i}\n");
        }
        return text.ToString();
    }

    /// <summary>A read-only stream that calls back each time a read ends past an offset.</summary>
    private sealed class CallbackStream(Stream inner, long at, Action callback) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override int Read(byte[] buffer, int offset, int count) => After(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            After(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }

        private int After(int read)
        {
            if (inner.Position > at)
                callback();
            return read;
        }
    }
}
