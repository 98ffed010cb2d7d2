using MarketShock.Data;
using System.Globalization;
using Npgsql;

namespace MarketShock.Imports;

/// <summary>
/// Keeps every stored price on today's split basis, reading from the data itself whether prices are raw
/// or already adjusted, split by split: across a recorded split of ratio R, a close that falls by about R
/// is raw (the earlier rows are divided by R); one that does not is already adjusted (left alone). A jump
/// of a common split ratio on a day without a recorded split is reported as a suspected unrecorded split.
/// </summary>
/// <remarks>SQL, because it compares neighbouring rows of whole series: window functions do that in place.</remarks>
internal static class SplitBasis
{
    private const string AnySplits = """
        SELECT EXISTS (SELECT 1 FROM splits sp JOIN companies c ON c.id = sp.company_id WHERE c.ticker = ANY($1::text[]))
        """;

    // The look-ups below find a ticker's rows around a split date, and each adjustment rewrites a ticker's earlier rows:
    // without an index each of them read the whole staged file (a tenth of a second per split at a million rows).
    private const string IndexStaging = "CREATE INDEX ON staging (ticker, date); ANALYZE staging";

    // Splits after some of the file's rows: the file's last close before the split against its first close
    // on or after it — or the stored one, when the file stops within a week before the split. A jump closer
    // to the ratio than to 1 (on a log scale) means the file's earlier rows are raw.
    private const string RawSplitsInFile = """
        WITH spans AS (
            SELECT t.ticker, sp.date, sp.ratio, b.close AS before, coalesce(a.close, s.close) AS after
            FROM (SELECT DISTINCT ticker FROM staging) t
            JOIN companies c ON c.ticker = t.ticker
            JOIN splits sp ON sp.company_id = c.id
            CROSS JOIN LATERAL (SELECT date, close FROM staging WHERE ticker = t.ticker AND date < sp.date ORDER BY date DESC LIMIT 1) b
            LEFT JOIN LATERAL (SELECT close FROM staging WHERE ticker = t.ticker AND date >= sp.date ORDER BY date LIMIT 1) a ON true
            LEFT JOIN LATERAL (SELECT close FROM daily_prices WHERE company_id = c.id AND date >= sp.date AND date <= b.date + 7
                               ORDER BY date LIMIT 1) s ON true)
        SELECT ticker, date, ratio, before, after FROM spans
        WHERE after IS NOT NULL
          AND abs(ln(before / after) - ln(ratio)) < abs(ln(before / after))
        ORDER BY ticker, date
        """;

    private const string DivideEarlierRows = """
        UPDATE staging SET open = open / $3, high = high / $3, low = low / $3, close = close / $3, volume = round(volume * $3)
        WHERE ticker = $1 AND date < $2
        """;

    // Splits after the file's last row: the file cannot show the jump, but rows it shares with the stored
    // series can. Prices that are the later splits' combined ratio times the stored ones are on an older basis.
    private const string OlderBasis = """
        SELECT s.ticker, percentile_cont(0.5) WITHIN GROUP (ORDER BY s.close / p.close) AS to_stored, count(*)::int AS days,
               (SELECT exp(sum(ln(sp.ratio))) FROM splits sp WHERE sp.company_id = c.id AND sp.date > max(s.date)) AS later_splits
        FROM staging s JOIN companies c ON c.ticker = s.ticker JOIN daily_prices p ON p.company_id = c.id AND p.date = s.date
        GROUP BY s.ticker, c.id
        """;

    private const string DivideAllRows = """
        UPDATE staging SET open = open / $2, high = high / $2, low = low / $2, close = close / $2,
                           adjusted_close = adjusted_close / $2, volume = round(volume * $2)
        WHERE ticker = $1
        """;

    // Of the split-sized jumps seen inside the file, those on a day without a recorded split.
    private const string UnrecordedJumps = """
        SELECT j.ticker, j.after FROM unnest($1::text[], $2::date[]) AS j(ticker, after)
        WHERE NOT EXISTS (SELECT 1 FROM splits sp JOIN companies c ON c.id = sp.company_id WHERE c.ticker = j.ticker AND sp.date = j.after)
        """;

    // Where the file's rows meet the stored ones: the stored day before its first row against that row, and its last row against
    // the stored day after it. The file's side comes from the staged rows, which hold it whether the merge stored it or left new
    // days to the recomputation to insert. The stored side is probed first, so that a first load (no stored day) reads no
    // staged row.
    private const string Seams = """
        WITH stored AS MATERIALIZED (
            SELECT r.ticker, r.first AS file_date, b.date, b.close, true AS before_file
            FROM unnest($1::text[], $2::date[], $3::date[]) AS r(ticker, first, last)
            JOIN companies c ON c.ticker = r.ticker
            CROSS JOIN LATERAL (SELECT date, close FROM daily_prices WHERE company_id = c.id AND date < r.first ORDER BY date DESC LIMIT 1) b
            WHERE NOT EXISTS (SELECT 1 FROM splits sp WHERE sp.company_id = c.id AND sp.date = r.first)
            UNION ALL
            SELECT r.ticker, r.last, a.date, a.close, false
            FROM unnest($1::text[], $2::date[], $3::date[]) AS r(ticker, first, last)
            JOIN companies c ON c.ticker = r.ticker
            CROSS JOIN LATERAL (SELECT date, close FROM daily_prices WHERE company_id = c.id AND date > r.last ORDER BY date LIMIT 1) a
            WHERE NOT EXISTS (SELECT 1 FROM splits sp WHERE sp.company_id = c.id AND sp.date = a.date))
        SELECT t.ticker, t.before_file, t.date, t.close, s.date, s.close FROM stored t JOIN staging s ON s.ticker = t.ticker AND s.date = t.file_date
        """;

    private const string RawSplitsInStore = """
        WITH spans AS (
            SELECT c.id, s.ticker, s.date, s.ratio,
                   (SELECT p.close FROM daily_prices p WHERE p.company_id = c.id AND p.date < s.date ORDER BY p.date DESC LIMIT 1) AS before,
                   (SELECT p.close FROM daily_prices p WHERE p.company_id = c.id AND p.date >= s.date ORDER BY p.date LIMIT 1) AS after
            FROM staging s JOIN companies c ON c.ticker = s.ticker)
        SELECT id, ticker, date, ratio, before, after FROM spans
        WHERE before IS NOT NULL AND after IS NOT NULL
          AND abs(ln(before / after) - ln(ratio)) < abs(ln(before / after))
        ORDER BY ticker, date
        """;

    private const string DivideStoredEarlierRows = """
        UPDATE daily_prices SET open = open / $3, high = high / $3, low = low / $3, close = close / $3, volume = round(volume * $3)
        WHERE company_id = $1 AND date < $2
        """;

    private const string SplitsOf = """
        SELECT c.id, c.ticker, sp.date, sp.ratio FROM splits sp JOIN companies c ON c.id = sp.company_id
        WHERE c.ticker = ANY($1::text[]) ORDER BY c.ticker, sp.date DESC
        """;

    // Share counts follow the same rule as prices: a count that jumps by the ratio across a split was
    // reported before it (as-reported) and is restated by multiplying it; a continuous one already was.
    private const string RestateShares = """
        WITH edge AS (
            SELECT (SELECT shares FROM shares_outstanding WHERE company_id = $1 AND date < $2 ORDER BY date DESC LIMIT 1)::numeric AS before,
                   (SELECT shares FROM shares_outstanding WHERE company_id = $1 AND date >= $2 ORDER BY date LIMIT 1)::numeric AS after)
        UPDATE shares_outstanding o SET shares = round(o.shares * $3)
        FROM edge
        WHERE o.company_id = $1 AND o.date < $2 AND edge.before > 0 AND edge.after > 0
          AND abs(ln(edge.after / edge.before) - ln($3)) < abs(ln(edge.after / edge.before))
        """;

    /// <summary>Restates stored as-reported share counts of these tickers to today's split basis.</summary>
    public static async Task RestateSharesAsync(NpgsqlConnection connection, ImportProblems problems, IEnumerable<string> tickers, CancellationToken ct)
    {
        foreach (var split in await Sql.QueryAsync(connection, SplitsOf, ct, (object)tickers.ToArray()))
        {
            var (companyId, date, ratio) = ((int)split[0], (DateOnly)split[2], (decimal)split[3]);
            var restated = await Sql.ExecuteAsync(connection, RestateShares, ct, companyId, date, ratio);
            if (restated > 0)
                problems.Warn($"{split[1]}: {restated} share count(s) before {date:yyyy-MM-dd} were as reported before the {ExactRatio(ratio)} split of that day; they were multiplied by {ratio:0.####}");
        }
    }

    /// <summary>Puts staged prices on today's basis before they are merged.</summary>
    public static async Task AdjustStagedPricesAsync(NpgsqlConnection connection, ImportProblems problems, StagedRows staged, CancellationToken ct)
    {
        if (!await Sql.ScalarAsync<bool>(connection, AnySplits, ct, (object)staged.Tickers.ToArray()))
            return;
        await Sql.ExecuteAsync(connection, IndexStaging, ct);
        foreach (var row in await Sql.QueryAsync(connection, RawSplitsInFile, ct))
        {
            var (ticker, date, ratio) = ((string)row[0], (DateOnly)row[1], (decimal)row[2]);
            await Sql.ExecuteAsync(connection, DivideEarlierRows, ct, ticker, date, ratio);
            problems.Warn(RawPricesWarning(ticker, date, ratio, (decimal)row[3], (decimal)row[4]));
        }
        foreach (var row in await Sql.QueryAsync(connection, OlderBasis, ct))
        {
            if (row[3] is not decimal laterSplits || row[1] is not double toStored
                || Math.Abs(toStored / (double)laterSplits - 1) > 0.02 || Math.Abs(laterSplits - 1) < 0.01m)
                continue;
            var factor = Math.Round(laterSplits, 6);
            await Sql.ExecuteAsync(connection, DivideAllRows, ct, (string)row[0], factor);
            problems.Warn($"{row[0]}: the file's prices are {toStored:0.##} times the stored ones on the {row[2]} days both have, " +
                $"the combined ratio of the splits after the file's last day: they are on the basis before those splits and were divided by {factor:0.####}");
        }
    }

    public static async Task ReportSuspectedSplitsAsync(NpgsqlConnection connection, ImportProblems problems, StagedRows staged, CancellationToken ct)
    {
        var jumps = staged.KeysAreUnique ? staged.Jumps : [];
        var unrecorded = (await Sql.QueryAsync(connection, UnrecordedJumps, ct,
                jumps.Select(j => j.Ticker).ToArray(), jumps.Select(j => j.After).ToArray()))
            .Select(r => ((string)r[0], (DateOnly)r[1])).ToHashSet();
        var ranges = staged.Ranges.ToList();
        var seams = (await Sql.QueryAsync(connection, Seams, ct,
                ranges.Select(r => r.Ticker).ToArray(), ranges.Select(r => r.First).ToArray(), ranges.Select(r => r.Last).ToArray()))
            .Select(r => (bool)r[1]
                ? new Jump((string)r[0], (DateOnly)r[2], (decimal)r[3], (DateOnly)r[4], (decimal)r[5])
                : new Jump((string)r[0], (DateOnly)r[4], (decimal)r[5], (DateOnly)r[2], (decimal)r[3]))
            .Where(j => StagedRows.IsSplitSized(j.CloseBefore, j.CloseAfter));
        foreach (var jump in jumps.Where(j => unrecorded.Contains((j.Ticker, j.After))).Concat(seams).Distinct().Take(100))
        {
            problems.Warn($"{jump.Ticker}: the close goes from {jump.CloseBefore:0.####} on {jump.Before:yyyy-MM-dd} to {jump.CloseAfter:0.####} on {jump.After:yyyy-MM-dd}, " +
                $"a suspected unrecorded {Ratio(jump.CloseBefore / jump.CloseAfter)} split; if it is one, import it in a splits file (Ticker,Date,Ratio) and the prices before it are adjusted");
        }
    }

    /// <summary>For splits just recorded: stored prices that still show the split's jump are raw and get adjusted.</summary>
    public static async Task AdjustStoredPricesAsync(NpgsqlConnection connection, ImportProblems problems, CancellationToken ct)
    {
        foreach (var row in await Sql.QueryAsync(connection, RawSplitsInStore, ct))
        {
            var (companyId, date, ratio) = ((int)row[0], (DateOnly)row[2], (decimal)row[3]);
            await Sql.ExecuteAsync(connection, DivideStoredEarlierRows, ct, companyId, date, ratio);
            problems.Warn($"{row[1]}: the stored prices before {date:yyyy-MM-dd} were not adjusted for the {ExactRatio(ratio)} split of that day " +
                $"(the close goes from {row[4]:0.####} to {row[5]:0.####}); they were divided by {ratio:0.####}");
        }
    }

    /// <summary>The warning of a file's prices found raw across a recorded split, and divided by its ratio.</summary>
    public static string RawPricesWarning(string ticker, DateOnly date, decimal ratio, decimal before, decimal after) =>
        $"{ticker}: the file's prices before {date:yyyy-MM-dd} are not adjusted for the {ExactRatio(ratio)} split of that day " +
        $"(the close goes from {before:0.####} to {after:0.####}); they were divided by {ratio:0.####}";

    private static string Ratio(decimal ratio) => ratio >= 1 ? $"{Math.Round(ratio)}-for-1" : $"1-for-{Math.Round(1 / ratio)}";

    private static string ExactRatio(decimal ratio) => ratio >= 1
        ? $"{ratio.ToString("0.####", CultureInfo.InvariantCulture)}-for-1"
        : $"1-for-{(1 / ratio).ToString("0.####", CultureInfo.InvariantCulture)}";
}
