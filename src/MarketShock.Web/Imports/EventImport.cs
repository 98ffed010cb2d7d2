using MarketShock.Data;
using MarketShock.Market;
using Npgsql;

namespace MarketShock.Imports;

/// <summary>
/// Event labels (Ticker,Date,Label,Url): a few words on what happened that day to a company, or with the
/// ticker left empty, to the whole market. Labels name companies already tracked; they change no figure.
/// </summary>
internal sealed class EventImport : KindImport
{
    protected override string Columns => "date date NOT NULL, label text NOT NULL, url text";

    protected override string ColumnNames => "date, label, url";

    protected override bool CreatesCompanies => false;

    public override bool ChangesFigures => false;

    // A label for a ticker nobody tracks would never show anywhere: most likely a typo, so it is refused.
    private const string UnknownTickers = $"""
        SELECT s.line, s.ticker FROM {Staging} s
        WHERE s.ticker <> '' AND NOT EXISTS (SELECT FROM companies c WHERE c.ticker = s.ticker)
        ORDER BY s.line LIMIT 1000
        """;

    private const string DropUnknownTickers = $"""
        DELETE FROM {Staging} s WHERE s.ticker <> '' AND NOT EXISTS (SELECT FROM companies c WHERE c.ticker = s.ticker)
        """;

    // The empty ticker joins no company: its company_id is null, the market day's label.
    private const string Merge = $"""
        WITH merged AS (
            INSERT INTO event_labels AS e (company_id, date, label, url, updated_at)
            SELECT c.id, s.date, s.label, s.url, now() FROM {Staging} s LEFT JOIN companies c ON c.ticker = s.ticker
            ON CONFLICT (company_id, date) DO UPDATE SET label = excluded.label, url = excluded.url, updated_at = excluded.updated_at
            WHERE (e.label, e.url) IS DISTINCT FROM (excluded.label, excluded.url)
            RETURNING (xmax = 0) AS inserted)
        SELECT count(*) FILTER (WHERE inserted)::int, count(*) FILTER (WHERE NOT inserted)::int FROM merged;
        """;

    public override bool Stage(Row row, StagingWriter copy, ImportProblems problems, StagedRows staged)
    {
        var errors = problems.AllErrors;
        var ticker = row.Text(Field.Ticker).IsEmpty ? "" : row.Ticker();
        var date = row.Date();
        var label = Checked(row, Field.Label, EventLabel.LabelProblem);
        var url = Checked(row, Field.Url, EventLabel.UrlProblem);
        if (problems.AllErrors > errors || ticker is null || date is null || label is null)
            return false;
        copy.StartRow(row.Line, ticker);
        copy.Write(date.Value);
        copy.Write(label);
        copy.Write(url);
        staged.Add(ticker, date, null);
        return true;
    }

    private static string? Checked(Row row, Field field, Func<string?, string?> problem)
    {
        var text = row.Text(field).ToString();
        if (problem(text) is { } message)
        {
            row.Error(field, message);
            return null;
        }
        return text.Length == 0 ? null : text;
    }

    public override async Task BeforeMergeAsync(NpgsqlConnection connection, ImportProblems problems, StagedRows staged, CancellationToken ct)
    {
        foreach (var unknown in await Sql.QueryAsync(connection, UnknownTickers, ct))
            problems.RowError((int)unknown[0], "Ticker", (string)unknown[1],
                "no company has this ticker: import the company (or its prices) first, or leave the ticker empty for the whole market day");
        if (problems.SkipInvalid)
            await Sql.ExecuteAsync(connection, DropUnknownTickers, ct);
    }

    protected override Task<(int Inserted, int Updated)> MergeStagedAsync(NpgsqlConnection connection, StagedRows staged, CancellationToken ct) =>
        CountedMergeAsync(connection, Merge, ct);
}
