using Npgsql;

namespace MarketShock.Imports;

/// <summary>Company metadata (Ticker,Name,Sector,Industry,Exchange[,Currency]). The file is authoritative for the fields it has.</summary>
internal sealed class CompanyImport : KindImport
{
    protected override string Columns => "name text NOT NULL, sector text, industry text, exchange text, currency text";

    protected override string ColumnNames => "name, sector, industry, exchange, currency";

    public override string Key => "ticker";

    public override bool HasDates => false;

    public override string Merge => """
        WITH merged AS (
            INSERT INTO companies AS c (ticker, name, sector, industry, exchange, currency)
            SELECT ticker, name, sector, industry, exchange, coalesce(currency, 'USD') FROM staging
            ON CONFLICT (ticker) DO UPDATE
            SET name = excluded.name, sector = excluded.sector, industry = excluded.industry,
                exchange = excluded.exchange, currency = excluded.currency
            WHERE (c.name, c.sector, c.industry, c.exchange, c.currency)
                IS DISTINCT FROM (excluded.name, excluded.sector, excluded.industry, excluded.exchange, excluded.currency)
            RETURNING (xmax = 0) AS inserted)
        SELECT count(*) FILTER (WHERE inserted)::int, count(*) FILTER (WHERE NOT inserted)::int FROM merged;
        """;

    public override async ValueTask<bool> StageAsync(Row row, NpgsqlBinaryImporter copy, ImportProblems problems, CancellationToken ct)
    {
        var errors = problems.AllErrors;
        var ticker = row.Ticker();
        var name = row.Optional(Field.Name, 200);
        if (name is null && problems.AllErrors == errors)
            row.Error(Field.Name, "a company name is required");
        var sector = row.Optional(Field.Sector, 100);
        var industry = row.Optional(Field.Industry, 100);
        var exchange = row.Optional(Field.Exchange, 50);
        var currency = row.Optional(Field.Currency, 3)?.ToUpperInvariant();
        if (problems.AllErrors > errors || ticker is null || name is null)
            return false;
        await StartAsync(copy, row, ticker, ct);
        await WriteAsync(copy, name, ct);
        await WriteAsync(copy, sector, ct);
        await WriteAsync(copy, industry, ct);
        await WriteAsync(copy, exchange, ct);
        await WriteAsync(copy, currency, ct);
        return true;
    }
}
