using System.CommandLine;
using MarketShock.Data;
using MarketShock.Imports;

namespace MarketShock.Cli;

/// <summary><c>import &lt;files-or-folders&gt;...</c>: exit status 0 when every file was imported, 1 when any was not.</summary>
internal static class ImportCommand
{
    private static readonly string[] Recognised = [".csv", ".txt"];

    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "CSV files, or folders to import every CSV file in (recursively).", Arity = ArgumentArity.OneOrMore };
        var ticker = new Option<string?>("--ticker") { Description = "The ticker of a one-company file (default: the file name, e.g. NVDA.csv)." };
        var kind = new Option<ImportKind?>("--kind") { Description = "What the files hold: prices, shares, splits, companies or events (default: detected)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check and count everything, then change nothing." };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Import the valid rows of a file with bad ones, reporting each skipped row (default: a file with any error imports nothing)." };
        var command = new Command("import", "Import CSV files of daily prices, shares outstanding, splits, company metadata or event labels.") { paths, ticker, kind, dryRun, skipInvalid };
        command.SetAction((parse, ct) => CommandHost.RunAsync(async (services, token) =>
        {
            var request = new ImportRequest("cli", parse.GetValue(ticker), parse.GetValue(kind), parse.GetValue(dryRun), parse.GetValue(skipInvalid));
            var importer = services.GetRequiredService<Importer>();
            var failed = 0;
            foreach (var file in Expand(parse.GetRequiredValue(paths)))
            {
                if (file.Missing)
                {
                    await Console.Error.WriteLineAsync($"{file.Path}: no such file or folder");
                    failed++;
                    continue;
                }
                var source = ImportSource.FromPath(file.Path);
                ImportLog log;
                try
                {
                    log = await importer.ImportAsync(source, request, ProgressLine.For(source), token);
                }
                catch (Exception ex) when (DatabaseStartup.IsUnreachable(ex))
                {
                    // Retried already: the database is gone for longer than a restart, and so it is for the files after this one.
                    ProgressLine.Clear(source);
                    await Console.Error.WriteLineAsync(
                        $"the database connection was lost while importing {file.Path}; nothing from it was stored; run the import again");
                    return 1;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Not even its log could be stored: the file is reported, and the files after it are still imported.
                    ProgressLine.Clear(source);
                    await Console.Error.WriteLineAsync($"{file.Path}: the import failed: {ex.Message}");
                    failed++;
                    continue;
                }
                ProgressLine.Clear(source);
                Console.WriteLine(Summary(file.Path, log));
                foreach (var warning in log.Warnings)
                    await Console.Error.WriteLineAsync($"{file.Path}: warning: {warning}");
                foreach (var error in log.Errors)
                    await Console.Error.WriteLineAsync($"{file.Path}: {error}");
                if (log.Status != ImportStatus.Imported)
                    failed++;
            }
            return failed == 0 ? 0 : 1;
        }, ct));
        return command;
    }

    private static string Summary(string path, ImportLog log)
    {
        var what = log.Status == ImportStatus.Imported
            ? $"{(log.DryRun ? "checked (dry run)" : "imported")}: {Describe(log)}, " +
              $"read {log.RowsRead}, inserted {log.RowsInserted}, updated {log.RowsUpdated}, unchanged {log.RowsUnchanged}, skipped {log.RowsSkipped}"
            : $"{log.Status.ToString().ToLowerInvariant()}: {log.Errors.Count} error(s), nothing changed";
        var warnings = log.Warnings.Count > 0 ? $", {log.Warnings.Count} warning(s)" : "";
        return $"{path}: {what}{warnings} ({log.DurationMs} ms)";
    }

    /// <summary>"yahoo prices, NVDA 2016-06-28..2026-08-21"; a long ticker list is shortened.</summary>
    private static string Describe(ImportLog log)
    {
        var kind = log.Format == log.Kind ? log.Kind : $"{log.Format} {log.Kind}";
        var tickers = log.Tickers.Count <= 5 ? string.Join(' ', log.Tickers) : $"{string.Join(' ', log.Tickers.Take(5))} and {log.Tickers.Count - 5} more";
        var range = log.FirstDate is { } first ? $" {first:yyyy-MM-dd}..{log.LastDate:yyyy-MM-dd}" : "";
        return $"{kind}, {tickers}{range}";
    }

    private static IEnumerable<(string Path, bool Missing)> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (File.Exists(path))
                yield return (path, false);
            else if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    if (Recognised.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
                        yield return (file, false);
                    else
                        Console.WriteLine($"{file}: skipped (not a .csv or .txt file)");
                }
            }
            else
                yield return (path, true);
        }
    }
}
