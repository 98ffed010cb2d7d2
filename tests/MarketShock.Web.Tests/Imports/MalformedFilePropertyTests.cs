using System.Globalization;
using MarketShock.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Imports;

/// <summary>
/// The importer's contract, checked on a few hundred generated malformed variants of valid files (<see cref="MalformedFiles"/>,
/// from a fixed seed, so that a failure names a case that can be run again): each file is imported or rejected, never fails;
/// a rejected file names its line (and column and value where there is one) and leaves the database exactly as it was; an
/// imported file stores its values exactly as written and importing it again changes nothing. Some of the variants then go
/// through the real <c>import</c> command: exit status 0 or 1, never a stack trace, an error line per rejected file.
/// </summary>
/// <remarks>A seeded generator rather than CsCheck or FsCheck: every case changes one shared database, so the libraries'
/// parallel runs and re-runs while shrinking would see each other's rows; the case's number and description say what failed.</remarks>
[Collection(AppCollectionDefinition.Name)]
public sealed class MalformedFilePropertyTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private const int Seed = 20261203;
    private const int Cases = 300;

    private readonly Files _files = new();

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        foreach (var (name, content) in MalformedFiles.Valid())
            ImportHelpers.AssertImported(await app.ImportAsync(_files.Write($"valid/{name}", content)));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Every_malformed_variant_is_rejected_naming_its_line_leaving_the_data_as_it_was_or_stored_exactly_and_idempotently()
    {
        var violations = new List<string>();
        var (imported, rejected) = (0, 0);
        for (var i = 0; i < Cases; i++)
        {
            var variant = MalformedFiles.Generate(new Random(Seed + i));
            var path = _files.Write($"case-{i:D3}/{variant.FileName}", variant.Content);
            var before = await app.FingerprintAsync();
            var log = await app.ImportAsync(path);
            var problem = log.Status switch
            {
                ImportStatus.Rejected => await RejectionProblemAsync(variant, log, before),
                ImportStatus.Imported => await StoredValues.ProblemAsync(app, variant) ?? await ReimportProblemAsync(path),
                _ => $"{log.Status}: {string.Join("; ", log.Errors)}",
            };
            (imported, rejected) = log.Status == ImportStatus.Imported ? (imported + 1, rejected) : (imported, rejected + 1);
            if (problem is not null)
                violations.Add($"case {i} (seed {Seed + i}) {variant.Description}: {problem}\n  {MalformedFiles.Show(variant.Content)}");
        }

        Assert.True(violations.Count == 0, $"{violations.Count} of {Cases} variants broke the contract:\n{string.Join("\n", violations.Take(15))}");
        // The generator is worth its time only if it finds both: mostly rejections, and some odd files that are fine.
        Assert.InRange(rejected, Cases / 2, Cases - 10);
        Assert.InRange(imported, 10, Cases / 2);
    }

    [Fact]
    public async Task The_import_command_exits_0_or_1_without_a_stack_trace_and_names_the_line_of_every_rejected_file()
    {
        // One variant of each valid file a batch, so that the files of a batch do not overwrite each other's rows.
        for (var batch = 0; batch < 3; batch++)
        {
            var folder = Path.Combine(_files.Folder, $"batch-{batch}");
            var seen = new HashSet<string>();
            for (var i = 0; seen.Count < 6; i++)
            {
                var variant = MalformedFiles.Generate(new Random(Seed + 1000 * (batch + 1) + i));
                if (seen.Add(variant.FileName))
                    _files.Write($"batch-{batch}/{variant.FileName}", variant.Content);
            }

            var first = await app.RunAsync(["import", folder]);
            var statuses = CheckRun(first, folder);
            var after = await app.FingerprintAsync();
            var again = await app.RunAsync(["import", folder]);
            CheckRun(again, folder);

            Assert.Equal(statuses.ContainsValue("rejected") ? 1 : 0, first.ExitCode);
            Assert.Equal(after, await app.FingerprintAsync());
            foreach (var line in Lines(again.Output).Where(l => l.Contains(": imported", StringComparison.Ordinal)))
                Assert.Contains("inserted 0, updated 0", line, StringComparison.Ordinal);
        }
    }

    /// <summary>The status of each file of the folder, after checking the run's exit status, output and errors.</summary>
    private static Dictionary<string, string> CheckRun(CliResult result, string folder)
    {
        var all = $"exit {result.ExitCode}\n{result.Output}\n{result.Error}";
        Assert.True(result.ExitCode is 0 or 1, all);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", all, StringComparison.Ordinal);
        var statuses = new Dictionary<string, string>();
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var summary = Assert.Single(Lines(result.Output), l => l.StartsWith($"{file}: ", StringComparison.Ordinal));
            var status = summary[(file.Length + 2)..].Split(':')[0];
            Assert.True(status is "imported" or "rejected", all);
            if (status == "rejected")
                Assert.True(Lines(result.Error).Any(l => l.StartsWith($"{file}: ", StringComparison.Ordinal)), all);
            statuses[file] = status;
        }
        return statuses;
    }

    private async Task<string?> RejectionProblemAsync(Variant variant, ImportLog log, string before)
    {
        if (log.Errors.Count == 0)
            return "rejected without an error";
        if (!variant.FileLevel && log.Errors.Any(e => e.Line < 1))
            return $"an error without its line: {log.Errors.First(e => e.Line < 1)}";
        return await app.FingerprintAsync() == before ? null : $"rejected, but the data changed ({log.Errors[0]})";
    }

    private async Task<string?> ReimportProblemAsync(string path)
    {
        var before = await app.FingerprintAsync();
        var again = await app.ImportAsync(path);
        if (again.Status != ImportStatus.Imported || again.RowsInserted + again.RowsUpdated > 0)
            return $"imported again: {again.Status}, inserted {again.RowsInserted}, updated {again.RowsUpdated} {string.Join("; ", again.Errors)}";
        return await app.FingerprintAsync() == before ? null : "imported again, the data changed";
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Whether an imported file's values are stored as written: read back per row and compared as decimals.</summary>
internal static class StoredValues
{
    private static readonly string[] PriceColumns = ["open", "high", "low", "close", "adj close", "volume"];
    private static readonly string[] RatioSeparators = [":", "/", "-for-", " for "];

    public static async Task<string?> ProblemAsync(AppFixture app, Variant variant)
    {
        var records = Csv.Records(variant.Content);
        if (records.Count == 0)
            return "imported a file without a header";
        var header = records[0].Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var fileTicker = Path.GetFileNameWithoutExtension(variant.FileName);
        foreach (var record in records.Skip(1))
        {
            string? Field(string name) => Array.IndexOf(header, name) is var i and >= 0 && i < record.Length ? record[i].Trim() : null;
            var ticker = (Field("ticker") ?? fileTicker).ToUpperInvariant();
            var date = default(DateOnly);
            if (variant.Kind != "companies" && !TryDate(Field("date"), out date))
                return $"imported a row dated {MalformedFiles.Show(Field("date") ?? "")}";
            var problem = variant.Kind switch
            {
                "prices" when Missing(Field("close")) => null, // a day without prices, skipped with a warning
                "prices" => await Compare(app, ticker, $"""
                    SELECT concat_ws(' ', coalesce(p.open::text, '-'), coalesce(p.high::text, '-'), coalesce(p.low::text, '-'), p.close,
                        coalesce(p.adjusted_close::text, '-'), coalesce(p.volume::text, '-'))
                    FROM daily_prices p JOIN companies c ON c.id = p.company_id WHERE c.ticker = $1 AND p.date = '{date:yyyy-MM-dd}'
                    """, string.Join(' ', PriceColumns.Select(f => Number(Field(f), f == "volume" ? 0 : 6)))),
                "shares" => await Compare(app, ticker, $"""
                    SELECT s.shares::text FROM shares_outstanding s JOIN companies c ON c.id = s.company_id
                    WHERE c.ticker = $1 AND s.date = '{date:yyyy-MM-dd}'
                    """, Number(Field("shares"), 0)),
                "splits" => await Compare(app, ticker, $"""
                    SELECT s.ratio::text FROM splits s JOIN companies c ON c.id = s.company_id WHERE c.ticker = $1 AND s.date = '{date:yyyy-MM-dd}'
                    """, Ratio(Field("ratio") ?? "")),
                "companies" => await Compare(app, ticker, "SELECT name FROM companies WHERE ticker = $1", Field("name")),
                _ => await Compare(app, ticker, $"""
                    SELECT e.label FROM event_labels e LEFT JOIN companies c ON c.id = e.company_id
                    WHERE coalesce(c.ticker, '') = $1 AND e.date = '{date:yyyy-MM-dd}'
                    """, Field("label")),
            };
            if (problem is not null)
                return problem;
        }
        return null;
    }

    /// <summary>Null when the stored value is the written one; a split recorded for the company may restate prices and counts.</summary>
    private static async Task<string?> Compare(AppFixture app, string ticker, string sql, string? expected)
    {
        var stored = await app.ScalarAsync<object>(sql, ticker) as string;
        if (stored is not null && Numbers(stored) == Numbers(expected ?? ""))
            return null;
        var restated = sql.Contains("daily_prices", StringComparison.Ordinal) || sql.Contains("shares_outstanding", StringComparison.Ordinal);
        if (restated && await app.ScalarAsync<long>("SELECT count(*) FROM splits s JOIN companies c ON c.id = s.company_id WHERE c.ticker = $1", ticker) > 0)
            return null;
        return $"{ticker}: stored {MalformedFiles.Show(stored ?? "(no row)")}, written {MalformedFiles.Show(expected ?? "")}";
    }

    /// <summary>Each space-separated number as a decimal without trailing zeros, so that 118.400000 is 118.4.</summary>
    private static string Numbers(string text) => string.Join(' ', text.Split(' ').Select(part =>
        decimal.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (d / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) : part));

    /// <summary>The value as its column must hold it: a whole number exactly, a price rounded to the column's 6 decimals
    /// (more digits than that are float noise or beyond any quote), and never a non-zero value that rounds to zero.</summary>
    private static string Number(string? text, int scale)
    {
        if (Missing(text))
            return "-";
        var value = decimal.Parse(text!.TrimStart('$'), NumberStyles.Float, CultureInfo.InvariantCulture);
        var rounded = scale == 0 ? value : Math.Round(value, scale, MidpointRounding.AwayFromZero);
        return rounded == 0 && value != 0 ? "(rounds to zero)" : rounded.ToString(CultureInfo.InvariantCulture);
    }

    private static string Ratio(string text)
    {
        var parts = text.Split(RatioSeparators, StringSplitOptions.TrimEntries);
        var ratio = decimal.Parse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture) /
            (parts.Length > 1 ? decimal.Parse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture) : 1m);
        var rounded = Math.Round(ratio, 8, MidpointRounding.AwayFromZero);
        return rounded == 0 ? "(rounds to zero)" : rounded.ToString(CultureInfo.InvariantCulture);
    }

    private static bool Missing(string? text) => string.IsNullOrEmpty(text) || text is "null" or "N/A";

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text is { Length: > 10 } ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}

/// <summary>RFC 4180 records: quoted fields may hold delimiters, quotes (doubled) and line ends; one leading byte-order mark is
/// dropped.</summary>
internal static class Csv
{
    public static List<string[]> Records(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = text.StartsWith('\uFEFF') ? 1 : 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    (field, i) = (field.Append('"'), i + 1);
                else if (c == '"')
                    quoted = false;
                else
                    field.Append(c);
            }
            else if (c == '"' && field.Length == 0)
                quoted = true; // a quote elsewhere in a field is text, as the importer's reader takes it
            else if (c == ',')
                (fields, field) = (Add(fields, field), new System.Text.StringBuilder());
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
                records = End(records, Add(fields, field));
                (fields, field) = ([], new System.Text.StringBuilder());
            }
            else
                field.Append(c);
        }
        if (fields.Count > 0 || field.Length > 0)
            records = End(records, Add(fields, field));
        return records;
    }

    /// <summary>The records with this one, unless it is blank (the importer skips blank lines).</summary>
    private static List<string[]> End(List<string[]> records, List<string> fields)
    {
        if (fields.Count > 1 || fields[0].Trim().Length > 0)
            records.Add([.. fields]);
        return records;
    }

    private static List<string> Add(List<string> fields, System.Text.StringBuilder field)
    {
        fields.Add(field.ToString());
        return fields;
    }
}
