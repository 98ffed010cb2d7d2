using MarketShock.Tests.Infrastructure;
using Npgsql;

namespace MarketShock.Tests.Market;

/// <summary>
/// The definitions of DESIGN.md computed the plain way, day by day in C#, from the stored prices and share counts:
/// the reference the SQL of daily_moves is held to.
/// </summary>
internal static class IndependentMoves
{
    public static async Task<List<string>> TickersAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT ticker FROM companies c WHERE EXISTS (SELECT 1 FROM daily_prices p WHERE p.company_id = c.id) ORDER BY ticker", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tickers = new List<string>();
        while (await reader.ReadAsync())
            tickers.Add(reader.GetString(0));
        return tickers;
    }

    public static async Task<List<MoveRow>> ComputeAsync(NpgsqlConnection connection, string ticker)
    {
        var prices = await ReadAsync(connection, "SELECT p.date, p.close FROM daily_prices p JOIN companies c ON c.id = p.company_id WHERE c.ticker = $1 ORDER BY p.date", ticker,
            r => (Date: r.GetFieldValue<DateOnly>(0), Close: r.GetDecimal(1)));
        var counts = await ReadAsync(connection, "SELECT s.date, s.shares FROM shares_outstanding s JOIN companies c ON c.id = s.company_id WHERE c.ticker = $1 ORDER BY s.date", ticker,
            r => (Date: r.GetFieldValue<DateOnly>(0), Shares: r.GetInt64(1)));
        var splitDays = (await ReadAsync(connection, "SELECT s.date FROM splits s JOIN companies c ON c.id = s.company_id WHERE c.ticker = $1", ticker,
            r => r.GetFieldValue<DateOnly>(0))).ToHashSet();
        var n = prices.Count;

        // S_t: the latest count on or before t; before the first count, the first count (approximate).
        (long? Shares, bool Approximate) SharesOn(DateOnly day)
        {
            if (counts.Count == 0)
                return (null, false);
            var inEffect = counts.LastOrDefault(c => c.Date <= day);
            return inEffect == default ? (counts[0].Shares, true) : (inEffect.Shares, false);
        }
        var shares = prices.Select(p => SharesOn(p.Date)).ToArray();
        var change = new double?[n];
        var gap = new bool[n];
        var split = new bool[n];
        for (var i = 1; i < n; i++)
        {
            change[i] = (double)(prices[i].Close / prices[i - 1].Close - 1);
            gap[i] = prices[i].Date.DayNumber - prices[i - 1].Date.DayNumber > 5;
            // A suspected unrecorded split: the close moved within 2% of a common split ratio, either way, on a day without a recorded split.
            var ratio = (double)(prices[i - 1].Close / prices[i].Close);
            split[i] = !splitDays.Contains(prices[i].Date)
                && new double[] { 2, 3, 4, 5, 8, 10, 15, 20 }.Any(r => Math.Abs(ratio / r - 1) <= 0.02 || Math.Abs(1 / ratio / r - 1) <= 0.02);
        }
        var loss = new decimal?[n];
        for (var i = 1; i < n; i++)
            loss[i] = (prices[i].Close - prices[i - 1].Close) * shares[i - 1].Shares;
        bool Ranked(int i) => change[i] is not null && !gap[i] && !split[i];

        var rows = new List<MoveRow>();
        for (var i = 0; i < n; i++)
        {
            var window = Enumerable.Range(Math.Max(1, i - 250), Math.Max(0, i - Math.Max(1, i - 250))).Where(Ranked).Select(j => change[j]!.Value).ToList();
            double? sigma = window.Count >= 60 ? PriceFiles.SampleStandardDeviation(window) : null;
            double? z = sigma > 0 && Ranked(i) ? change[i] / sigma : null;
            int? rankByChange = Ranked(i) ? 1 + Enumerable.Range(0, n).Count(j => Ranked(j) && change[j] < change[i]) : null;
            int? rankByLoss = Ranked(i) && loss[i] is not null ? 1 + Enumerable.Range(0, n).Count(j => Ranked(j) && loss[j] < loss[i]) : null;
            var down = change[i] < 0;
            DateOnly? worstSince = down && Ranked(i)
                ? Enumerable.Range(0, i).Reverse().Where(j => Ranked(j) && change[j] <= change[i]).Select(j => (DateOnly?)prices[j].Date).FirstOrDefault()
                : null;
            var recovered = down ? Enumerable.Range(i + 1, n - i - 1).Where(k => prices[k].Close >= prices[i - 1].Close).Select(k => (int?)k).FirstOrDefault() : null;
            double? openDrawdown = down && recovered is null ? (double)(prices[^1].Close / prices[i - 1].Close - 1) : null;
            var previous = i > 0 ? prices[i - 1].Close : (decimal?)null;
            rows.Add(new MoveRow(prices[i].Date, prices[i].Close, previous, change[i], gap[i],
                shares[i].Shares, shares[i].Approximate, prices[i].Close * shares[i].Shares,
                i > 0 ? previous * shares[i - 1].Shares : null, loss[i], i > 0 && shares[i - 1].Approximate,
                sigma, z, rankByLoss, rankByChange, worstSince,
                recovered is { } k ? prices[k].Date : null, recovered - i, openDrawdown, split[i]));
        }
        return rows;
    }

    public static void AssertSame(string ticker, MoveRow expected, MoveRow stored)
    {
        var where = $"{ticker} {expected.Date:yyyy-MM-dd}";
        Assert.True(expected with { Change = null, Volatility = null, ZScore = null, OpenDrawdown = null }
                    == stored with { Change = null, Volatility = null, ZScore = null, OpenDrawdown = null },
            $"{where}: expected {expected}, stored {stored}");
        Close(where, "change", expected.Change, stored.Change);
        Close(where, "σ", expected.Volatility, stored.Volatility);
        Close(where, "z", expected.ZScore, stored.ZScore);
        Close(where, "open drawdown", expected.OpenDrawdown, stored.OpenDrawdown);
    }

    private static void Close(string where, string what, double? expected, double? stored) =>
        Assert.True(expected is null ? stored is null : stored is not null && Math.Abs(expected.Value - stored.Value) <= 1e-9 * Math.Max(1, Math.Abs(expected.Value)),
            $"{where}: {what} expected {expected}, stored {stored}");

    private static async Task<List<T>> ReadAsync<T>(NpgsqlConnection connection, string sql, string ticker, Func<NpgsqlDataReader, T> read)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ticker });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
            rows.Add(read(reader));
        return rows;
    }
}
