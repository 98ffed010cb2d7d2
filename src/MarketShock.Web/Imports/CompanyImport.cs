using MarketShock.Market;
using Npgsql;

namespace MarketShock.Imports;

/// <summary>
/// Company metadata (Ticker,Name,Sector,Industry,Exchange[,Currency]). The file is authoritative for the
/// columns it has (an empty value clears the field); columns it lacks keep their stored values.
/// </summary>
internal sealed class CompanyImport(FileFormat format) : KindImport
{
    private static readonly (Field Field, string Column)[] Optional =
        [(Field.Sector, "sector"), (Field.Industry, "industry"), (Field.Exchange, "exchange"), (Field.Currency, "currency")];

    protected override string Columns => "name text NOT NULL, sector text, industry text, exchange text, currency text";

    protected override string ColumnNames => "name, sector, industry, exchange, currency";

    public override string Key => "ticker";

    public override bool HasDates => false;

    protected override bool CreatesCompanies => false;

    /// <summary>A new sector regroups the companies' market days; their moves stay as they are.</summary>
    public override bool ChangesMoves => false;

    private string Merge
    {
        get
        {
            var columns = Optional.Where(o => format.Has(o.Field)).Select(o => o.Column).Prepend("name").ToList();
            var values = columns.Select(c => c == "currency" ? "coalesce(currency, 'USD')" : c);
            return $"""
                WITH merged AS (
                    INSERT INTO companies AS c (ticker, {string.Join(", ", columns)})
                    SELECT ticker, {string.Join(", ", values)} FROM staging
                    ON CONFLICT (ticker) DO UPDATE
                    SET {string.Join(", ", columns.Select(c => $"{c} = excluded.{c}"))}
                    WHERE ({string.Join(", ", columns.Select(c => $"c.{c}"))}) IS DISTINCT FROM ({string.Join(", ", columns.Select(c => $"excluded.{c}"))})
                    RETURNING (xmax = 0) AS inserted)
                SELECT count(*) FILTER (WHERE inserted)::int, count(*) FILTER (WHERE NOT inserted)::int FROM merged;
                """;
        }
    }

    protected override Task<(int Inserted, int Updated)> MergeStagedAsync(NpgsqlConnection connection, StagedRows staged, CancellationToken ct) =>
        CountedMergeAsync(connection, Merge, ct);

    public override bool Stage(Row row, StagingWriter copy, ImportProblems problems, StagedRows staged)
    {
        var errors = problems.AllErrors;
        var ticker = row.Ticker();
        var name = row.Optional(Field.Name, Company.NameLength);
        if (name is null && problems.AllErrors == errors)
            row.Error(Field.Name, "a company name is required");
        var sector = row.Optional(Field.Sector, Company.SectorLength);
        var industry = row.Optional(Field.Industry, Company.IndustryLength);
        var exchange = row.Optional(Field.Exchange, Company.ExchangeLength);
        var currency = row.Optional(Field.Currency, 3)?.ToUpperInvariant();
        if (problems.AllErrors > errors || ticker is null || name is null)
            return false;
        copy.StartRow(row.Line, ticker);
        copy.Write(name);
        copy.Write(sector);
        copy.Write(industry);
        copy.Write(exchange);
        copy.Write(currency);
        staged.Add(ticker, null, null);
        return true;
    }
}
