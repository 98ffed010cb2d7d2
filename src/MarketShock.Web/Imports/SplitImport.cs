using System.Text.RegularExpressions;
using MarketShock.Data;
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

    // The parts are any text between the separators: each is read as a number by CsvNumbers, which names what is wrong with it.
    [GeneratedRegex(@"^\s*(?<new>[^:/\s]+?)\s*(?:(:|/|-for-|\s+for\s+)\s*(?<old>[^:/\s]+))?\s*$", RegexOptions.IgnoreCase)]
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
        var text = row.Text(Field.Ratio).ToString();
        if (CsvNumbers.HasOtherDigits(text))
            return Refuse(row, $"not a split ratio: {CsvNumbers.OnlyAsciiDigits}");
        var match = RatioPattern().Match(text);
        var (sharesRead, shares) = Part(match.Groups["new"].Value);
        var (oldRead, old) = match.Groups["old"].Success ? Part(match.Groups["old"].Value) : (NumberText.Number, 1m);
        if (!match.Success || sharesRead is not (NumberText.Number or NumberText.TooLarge) || oldRead is not (NumberText.Number or NumberText.TooLarge))
            return Refuse(row, "not a split ratio (write 10, 10:1 or 10-for-1)");
        if (sharesRead == NumberText.Number && shares <= 0 || oldRead == NumberText.Number && old <= 0)
            return Refuse(row, "a split ratio must be greater than zero");
        // Sides beyond decimal's range: a ratio past the column's, or one that rounds to zero.
        if (sharesRead == NumberText.TooLarge || oldRead == NumberText.TooLarge)
            return Refuse(row, oldRead == NumberText.TooLarge ? Row.TooSmall(ColumnLimits.Ratio) : Row.TooLarge(ColumnLimits.Ratio));
        if (shares / ColumnLimits.Ratio.Limit >= old) // shares / old past the limit, without a quotient beyond decimal's range
            return Refuse(row, Row.TooLarge(ColumnLimits.Ratio));
        var ratio = ColumnLimits.Ratio.Round(shares / old);
        if (ratio == 0)
            return Refuse(row, Row.TooSmall(ColumnLimits.Ratio));
        return ratio >= ColumnLimits.Ratio.Limit ? Refuse(row, Row.TooLarge(ColumnLimits.Ratio)) : ratio;

        static (NumberText, decimal) Part(string part) =>
            part.AsSpan().IndexOfAny("eE+-") >= 0 ? (NumberText.NotANumber, 0) : (CsvNumbers.Decimal(part, out var value), value);
    }

    private static decimal? Refuse(Row row, string message)
    {
        row.Error(Field.Ratio, message);
        return null;
    }
}
