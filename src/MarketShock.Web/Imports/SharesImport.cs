using Npgsql;
using NpgsqlTypes;

namespace MarketShock.Imports;

/// <summary>Dated shares-outstanding observations (Ticker,Date,Shares).</summary>
internal sealed class SharesImport : KindImport
{
    protected override string Columns => "date date NOT NULL, shares bigint NOT NULL";

    protected override string ColumnNames => "date, shares";

    private static readonly string Merge = DatedValueMerge("shares_outstanding", "shares");

    protected override Task<(int Inserted, int Updated)> MergeStagedAsync(NpgsqlConnection connection, StagedRows staged, CancellationToken ct) =>
        CountedMergeAsync(connection, Merge, ct);

    public override Task AfterMergeAsync(NpgsqlConnection connection, ImportProblems problems, StagedRows staged, CancellationToken ct) =>
        SplitBasis.RestateSharesAsync(connection, problems, staged.Tickers, ct);

    public override bool Stage(Row row, StagingWriter copy, ImportProblems problems, StagedRows staged)
    {
        var errors = problems.AllErrors;
        var ticker = row.Ticker();
        var date = row.Date();
        var shares = row.Whole(Field.Shares, required: true, positive: true);
        if (problems.AllErrors > errors || ticker is null || date is null || shares is null)
            return false;
        copy.StartRow(row.Line, ticker);
        copy.Write(date.Value);
        copy.Write(shares.Value);
        staged.Add(ticker, date, null);
        return true;
    }
}
