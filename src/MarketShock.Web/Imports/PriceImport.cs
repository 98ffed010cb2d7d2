using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace MarketShock.Imports;

/// <summary>Daily prices. Stored closes are split-adjusted to today's basis (see <see cref="SplitBasis"/>).</summary>
internal sealed class PriceImport : KindImport
{
    /// <summary>Prices are stored as numeric(19,6).</summary>
    private const decimal MaxPrice = 10_000_000_000_000m;

    protected override string Columns =>
        "date date NOT NULL, open numeric, high numeric, low numeric, close numeric NOT NULL, adjusted_close numeric, volume bigint";

    protected override string ColumnNames => "date, open, high, low, close, adjusted_close, volume";

    public override string Merge => """
        INSERT INTO companies (ticker, name)
        SELECT DISTINCT ticker, ticker FROM staging ORDER BY ticker
        ON CONFLICT (ticker) DO NOTHING;

        WITH merged AS (
            INSERT INTO daily_prices AS p (company_id, date, open, high, low, close, adjusted_close, volume)
            SELECT c.id, s.date, s.open, s.high, s.low, s.close, s.adjusted_close, s.volume
            FROM staging s JOIN companies c ON c.ticker = s.ticker
            ON CONFLICT (company_id, date) DO UPDATE
            SET open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
                adjusted_close = excluded.adjusted_close, volume = excluded.volume
            WHERE (p.open, p.high, p.low, p.close, p.adjusted_close, p.volume)
                IS DISTINCT FROM (excluded.open, excluded.high, excluded.low, excluded.close, excluded.adjusted_close, excluded.volume)
            RETURNING (xmax = 0) AS inserted)
        SELECT count(*) FILTER (WHERE inserted)::int, count(*) FILTER (WHERE NOT inserted)::int FROM merged;
        """;

    public override async ValueTask<bool> StageAsync(Row row, NpgsqlBinaryImporter copy, ImportProblems problems, CancellationToken ct)
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
            return false;
        }
        var open = row.Positive(Field.Open, required: false, MaxPrice);
        var high = row.Positive(Field.High, required: false, MaxPrice);
        var low = row.Positive(Field.Low, required: false, MaxPrice);
        var close = row.Positive(Field.Close, required: true, MaxPrice);
        var adjusted = row.Positive(Field.AdjustedClose, required: false, MaxPrice);
        var volume = row.Whole(Field.Volume, required: false, positive: false);
        if (high < low)
            row.Error(Field.High, $"High is below Low ({low?.ToString(CultureInfo.InvariantCulture)})");
        else if (high is not null && low is not null && (Outside(open, low, high) || Outside(close, low, high)))
            row.Warn("Open or Close lies outside the day's Low–High range");
        if (problems.AllErrors > errors || ticker is null || date is null || close is null)
            return false;

        await StartAsync(copy, row, ticker, ct);
        await copy.WriteAsync(date.Value, NpgsqlDbType.Date, ct);
        await WriteAsync(copy, open, NpgsqlDbType.Numeric, ct);
        await WriteAsync(copy, high, NpgsqlDbType.Numeric, ct);
        await WriteAsync(copy, low, NpgsqlDbType.Numeric, ct);
        await copy.WriteAsync(close.Value, NpgsqlDbType.Numeric, ct);
        await WriteAsync(copy, adjusted, NpgsqlDbType.Numeric, ct);
        await WriteAsync(copy, volume, NpgsqlDbType.Bigint, ct);
        return true;
    }

    public override Task BeforeMergeAsync(NpgsqlConnection connection, ImportProblems problems, CancellationToken ct) =>
        SplitBasis.AdjustStagedPricesAsync(connection, problems, ct);

    public override Task AfterMergeAsync(NpgsqlConnection connection, ImportProblems problems, CancellationToken ct) =>
        SplitBasis.ReportSuspectedSplitsAsync(connection, problems, ct);

    private static bool Outside(decimal? value, decimal? low, decimal? high) => value < low || value > high;
}
