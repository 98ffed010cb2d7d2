using MarketShock.Data;
using MarketShock.Market;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace MarketShock.Imports;

/// <summary>Daily prices. Stored closes are split-adjusted to today's basis (see <see cref="SplitBasis"/>).</summary>
/// <param name="figuresFollow">The figures are recomputed after the merge, in its transaction (not a dry run): the merge may
/// then leave its new rows to the recomputation (<see cref="KindImport.InsertsStaged"/>).</param>
internal sealed class PriceImport(FileFormat format, bool figuresFollow) : KindImport
{
    /// <summary>Set by the importer when the file was loaded directly (or began to be, <see cref="FirstLoad.Abandoned"/>).</summary>
    public FirstLoad? FirstLoad { get; set; }

    protected override string Columns =>
        "date date NOT NULL, open numeric, high numeric, low numeric, close numeric NOT NULL, adjusted_close numeric, volume bigint";

    protected override string ColumnNames => "date, open, high, low, close, adjusted_close, volume";

    private const string AnyStored = """
        SELECT EXISTS (
            SELECT 1 FROM unnest($1::text[], $2::date[], $3::date[]) AS r(ticker, first, last)
            JOIN companies c ON c.ticker = r.ticker
            JOIN daily_prices p ON p.company_id = c.id AND p.date BETWEEN r.first AND r.last)
        """;

    // Every staged row comes after its company's stored ones (a first load, a daily update): one probe per company, since a
    // join of the companies to daily_prices could scan the whole table.
    private const string OnlyAppends = """
        SELECT NOT EXISTS (
            SELECT 1 FROM unnest($1::text[], $2::date[]) AS r(ticker, first)
            JOIN companies c ON c.ticker = r.ticker
            WHERE (SELECT 1 FROM daily_prices p WHERE p.company_id = c.id AND p.date >= r.first LIMIT 1) IS NOT NULL)
        """;

    // Separate UPDATE and INSERT statements rather than one INSERT ... ON CONFLICT: with the company locks
    // held no one else writes these rows, and a plain INSERT of new rows runs at about COPY's speed while
    // ON CONFLICT with RETURNING takes three times as long on millions of rows.
    private static readonly (Field Field, string Column)[] StoredColumns =
        [(Field.Open, "open"), (Field.High, "high"), (Field.Low, "low"), (Field.Close, "close"), (Field.AdjustedClose, "adjusted_close")];

    /// <summary>Updates the stored rows that differ, in the columns the file has: a file without Adj Close keeps the stored one.</summary>
    private string UpdateChanged
    {
        get
        {
            var prices = StoredColumns.Where(c => format.Has(c.Field)).Select(c => c.Column).ToList();
            var columns = format.Has(Field.Volume) ? [.. prices, "volume"] : prices;
            var typed = prices.Select(c => $"s.{c}::{ColumnLimits.Price.Type}").Concat(format.Has(Field.Volume) ? ["s.volume"] : []);
            return $"""
                UPDATE daily_prices p SET {string.Join(", ", columns.Select(c => $"{c} = s.{c}"))}
                FROM staging s JOIN companies c ON c.ticker = s.ticker
                WHERE p.company_id = c.id AND p.date = s.date
                  AND ({string.Join(", ", columns.Select(c => $"p.{c}"))}, NULL) IS DISTINCT FROM ({string.Join(", ", typed)}, NULL)
                """;
        }
    }

    private const string InsertAll = """
        INSERT INTO daily_prices (company_id, date, open, high, low, close, adjusted_close, volume)
        SELECT c.id, s.date, s.open, s.high, s.low, s.close, s.adjusted_close, s.volume
        FROM staging s JOIN companies c ON c.ticker = s.ticker
        """;

    private const string InsertNew = InsertAll + """

        WHERE NOT EXISTS (SELECT 1 FROM daily_prices p WHERE p.company_id = c.id AND p.date = s.date)
        """;

    protected override async Task<(int Inserted, int Updated)> MergeStagedAsync(NpgsqlConnection connection, StagedRows staged, CancellationToken ct)
    {
        var ranges = staged.Ranges.ToList();
        // New days only: the recomputation inserts the rows with their figures, so that each is written once.
        if (figuresFollow && await Sql.ScalarAsync<bool>(connection, OnlyAppends, ct, ranges.Select(r => r.Ticker).ToArray(), ranges.Select(r => r.First).ToArray()))
        {
            InsertsStaged = true;
            return (0, 0);
        }
        var anyStored = await Sql.ScalarAsync<bool>(connection, AnyStored, ct,
            ranges.Select(r => r.Ticker).ToArray(), ranges.Select(r => r.First).ToArray(), ranges.Select(r => r.Last).ToArray());
        if (!anyStored)
            return (await Sql.ExecuteAsync(connection, InsertAll, ct), 0);
        var updated = await Sql.ExecuteAsync(connection, UpdateChanged, ct);
        return (await Sql.ExecuteAsync(connection, InsertNew, ct), updated);
    }

    public override bool Stage(Row row, StagingWriter copy, ImportProblems problems, StagedRows staged)
    {
        if (Read(row, problems) is not { } price)
            return false;
        copy.StartRow(row.Line, price.Ticker);
        copy.Write(price.Date);
        copy.Write(price.Open);
        copy.Write(price.High);
        copy.Write(price.Low);
        copy.Write(price.Close);
        copy.Write(price.AdjustedClose);
        copy.Write(price.Volume);
        staged.Add(price.Ticker, price.Date, price.Close);
        return true;
    }

    /// <summary>Reads the current row into a first load (<see cref="FirstLoad"/>) rather than the staging table.</summary>
    /// <returns>False when the load cannot go on with it (<see cref="FirstLoad.Abandoned"/>): the file is to be staged instead.</returns>
    public static bool Load(Row row, FirstLoad load, ImportProblems problems, StagedRows staged)
    {
        if (Read(row, problems) is not { } price)
            return true;
        staged.Add(price.Ticker, price.Date, price.Close);
        return load.Add(price.Ticker, price.Date, price.Open, price.High, price.Low, price.Close, price.AdjustedClose, price.Volume);
    }

    private readonly record struct Price(string Ticker, DateOnly Date, decimal? Open, decimal? High, decimal? Low, decimal Close,
        decimal? AdjustedClose, long? Volume);

    /// <summary>The checked values of the current row; null when it is skipped or has errors.</summary>
    private static Price? Read(Row row, ImportProblems problems)
    {
        var errors = problems.AllErrors;
        var ticker = row.Ticker();
        var date = row.Date();
        if (row.Format.Has(Field.Period) && !row.Text(Field.Period).Equals("D", StringComparison.OrdinalIgnoreCase))
            row.Error(Field.Period, "not daily data (the period must be D)");
        if (Row.IsMissing(row.Text(Field.Open)) && Row.IsMissing(row.Text(Field.High)) && Row.IsMissing(row.Text(Field.Low)) && Row.IsMissing(row.Text(Field.Close)))
        {
            if (problems.AllErrors == errors)
                problems.SkipRow(row.Line, $"no prices on {row.Text(Field.Date)} (a row of null or empty values); skipped");
            return null;
        }
        var open = row.Positive(Field.Open, required: false, ColumnLimits.Price);
        var high = row.Positive(Field.High, required: false, ColumnLimits.Price);
        var low = row.Positive(Field.Low, required: false, ColumnLimits.Price);
        var close = row.Positive(Field.Close, required: true, ColumnLimits.Price);
        var adjusted = row.Positive(Field.AdjustedClose, required: false, ColumnLimits.Price);
        var volume = row.Whole(Field.Volume, required: false, positive: false);
        if (high < low)
            row.Error(Field.High, $"High is below Low ({low?.ToString(CultureInfo.InvariantCulture)})");
        else if (high is not null && low is not null && (Outside(open, low, high) || Outside(close, low, high)))
            row.Warn("Open or Close lies outside the day's Low–High range");
        if (problems.AllErrors > errors || ticker is null || date is null || close is null)
            return null;
        return new Price(ticker, date.Value, open, high, low, close.Value, adjusted, volume);
    }

    public override string ChangedSeries =>
        $"SELECT c.id, min(s.date), count(*)::int FROM {Staging} s JOIN companies c ON c.ticker = s.ticker GROUP BY c.id";

    public override async Task BeforeMergeAsync(NpgsqlConnection connection, ImportProblems problems, StagedRows staged, CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, FirstLoad.WaitForFirstLoad, ct);
        await SplitBasis.AdjustStagedPricesAsync(connection, problems, staged, ct);
    }

    public override Task AfterMergeAsync(NpgsqlConnection connection, ImportProblems problems, StagedRows staged, CancellationToken ct) =>
        SplitBasis.ReportSuspectedSplitsAsync(connection, problems, staged, ct);

    private static bool Outside(decimal? value, decimal? low, decimal? high) => value < low || value > high;
}
