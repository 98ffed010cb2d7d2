using Npgsql;

namespace MarketShock.Tests.Infrastructure;

/// <summary>Direct SQL for assertions: what is really stored, independent of the code under test.</summary>
public static class TestDatabase
{
    private static readonly string[] DataTables = ["companies", "daily_prices", "shares_outstanding", "splits", "daily_moves", "market_days", "event_labels"];

    public static async Task<T> ScalarAsync<T>(this AppFixture app, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static Task<int> ExecuteAsync(this AppFixture app, string sql) => ScalarAsync<int>(app, $"WITH done AS ({sql} RETURNING 1) SELECT count(*)::int FROM done");

    /// <summary>A digest of the stored prices alone, without the figures their rows also carry.</summary>
    public static Task<string> PricesFingerprintAsync(this AppFixture app) => app.ScalarAsync<string>("""
        SELECT count(*) || ':' || md5(coalesce(string_agg(p::text, '|' ORDER BY p::text), ''))
        FROM (SELECT company_id, date, open, high, low, close, adjusted_close, volume FROM daily_prices) p
        """);

    /// <summary>A digest of every row of every data table: equal digests mean the data did not change.</summary>
    public static async Task<string> FingerprintAsync(this AppFixture app)
    {
        var parts = new List<string>();
        foreach (var table in DataTables)
            parts.Add(await app.ScalarAsync<string>($"SELECT '{table}:' || count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t"));
        return string.Join(' ', parts);
    }
}
