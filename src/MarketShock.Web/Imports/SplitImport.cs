using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace MarketShock.Imports;

/// <summary>Stock splits (Ticker,Date,Ratio), the ratio written as 10, 10:1, 10-for-1 or 1:10 for a reverse split.</summary>
internal sealed partial class SplitImport : KindImport
{
    protected override string Columns => "date date NOT NULL, ratio numeric NOT NULL";

    protected override string ColumnNames => "date, ratio";

    private static readonly string Merge = DatedValueMerge("splits", "ratio");

    protected override Task<(int Inserted, int Updated)> MergeStagedAsync(NpgsqlConnection connection, StagedRows staged, CancellationToken ct) =>
        CountedMergeAsync(connection, Merge, ct);

    [GeneratedRegex(@"^\s*(?<new>\d+(\.\d+)?)\s*(?:(:|/|-for-|\s+for\s+)\s*(?<old>\d+(\.\d+)?))?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex RatioPattern();

    public override bool Stage(Row row, StagingWriter copy, ImportProblems problems, StagedRows staged)
    {
        var errors = problems.AllErrors;
        var ticker = row.Ticker();
        var date = row.Date();
        var ratio = Ratio(row);
        if (problems.AllErrors > errors || ticker is null || date is null || ratio is null)
            return false;
        copy.StartRow(row.Line, ticker);
        copy.Write(date.Value);
        copy.Write(ratio.Value);
        staged.Add(ticker, date, null);
        return true;
    }

    public override async Task AfterMergeAsync(NpgsqlConnection connection, ImportProblems problems, StagedRows staged, CancellationToken ct)
    {
        await SplitBasis.AdjustStoredPricesAsync(connection, problems, ct);
        await SplitBasis.RestateSharesAsync(connection, problems, staged.Tickers, ct);
    }

    private static decimal? Ratio(Row row)
    {
        var match = RatioPattern().Match(row.Text(Field.Ratio).ToString());
        if (!match.Success)
        {
            row.Error(Field.Ratio, "not a split ratio (write 10, 10:1 or 10-for-1)");
            return null;
        }
        var shares = decimal.Parse(match.Groups["new"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var old = match.Groups["old"].Success ? decimal.Parse(match.Groups["old"].Value, System.Globalization.CultureInfo.InvariantCulture) : 1m;
        if (shares <= 0 || old <= 0)
        {
            row.Error(Field.Ratio, "a split ratio must be greater than zero");
            return null;
        }
        return Math.Round(shares / old, 8);
    }
}
