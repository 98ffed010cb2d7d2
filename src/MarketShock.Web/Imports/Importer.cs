using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MarketShock.Caching;
using MarketShock.Data;
using MarketShock.Market;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sylvan.Data.Csv;

namespace MarketShock.Imports;

/// <summary>
/// Imports one file in one transaction: recognise its format, parse it while streaming it into a staging
/// table with binary COPY, then merge the staged rows into the stored ones with a single statement.
/// A file with any error changes nothing (unless invalid rows are to be skipped); every file is logged.
/// </summary>
internal sealed class Importer(MarketShockDbContext db, TimeProvider clock, ILogger<Importer> logger)
{
    // Imports of the same company queue behind each other; locks are taken in ticker order to avoid deadlocks.
    public const string LockCompanies = """
        SELECT pg_advisory_xact_lock(hashtextextended('marketshock.company:' || ticker, 0))
        FROM unnest($1::text[]) AS ticker ORDER BY ticker
        """;

    public Task<ImportLog> ImportAsync(ImportSource source, ImportRequest request, CancellationToken ct = default) =>
        ImportAsync(source, request, progress: null, ct);

    /// <param name="progress">Told how many bytes of the file have been read, now and then.</param>
    /// <exception cref="Exception">The database could not be reached, even after retrying (<see cref="DatabaseStartup.IsUnreachable"/>):
    /// nothing of the file was stored, and nor was its log.</exception>
    public async Task<ImportLog> ImportAsync(ImportSource source, ImportRequest request, IProgress<long>? progress, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var startedAt = clock.GetUtcNow();
        var log = NewLog(source, request, startedAt);
        var problems = new ImportProblems(request.SkipInvalid);
        try
        {
            // Copy to staging, merge and announcement are one unit: when the connection drops or the database restarts, it is
            // rolled back and EF Core's retrying strategy runs it again from the start, reading the file again from disk.
            var committed = await db.Database.CreateExecutionStrategy().ExecuteAsync(async attemptCt =>
            {
                (log, problems) = (NewLog(source, request, startedAt), new ImportProblems(request.SkipInvalid));
                db.ChangeTracker.Clear(); // the log of an attempt that failed
                return await AttemptAsync(source, request, log, problems, progress, stopwatch, attemptCt);
            }, ct);
            if (committed)
                return log;
        }
        catch (Exception ex) when (ex is PostgresException { SqlState: PostgresErrorCodes.NumericValueOutOfRange } or OverflowException)
        {
            // Each value fits its column, but a figure computed from them does not: a market cap (close × shares) of 10²² or more.
            problems.Error(0, null, null, string.Create(CultureInfo.InvariantCulture,
                $"the market cap computed from these values (close × shares outstanding) is too large to store: it must be below {ColumnLimits.MarketCap.Limit:N0}; check the prices and share counts"));
            Complete(log, problems, ImportStatus.Rejected, stopwatch);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !DatabaseStartup.IsUnreachable(ex))
        {
            logger.LogError(ex, "Import of {FileName} failed", source.FileName);
            problems.Error(0, null, null, $"the import failed: {ex.Message}");
            Complete(log, problems, ImportStatus.Failed, stopwatch);
        }
        log.Sha256 ??= await TryHashAsync(source, ct);
        db.ChangeTracker.Clear();
        AddLog(log, request);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            db.ChangeTracker.Clear(); // the next file's log is not to be saved with this one
            throw;
        }
        return log;
    }

    /// <summary>The import's log, and the admin's audit entry of it when it came through the upload page, saved together.</summary>
    private void AddLog(ImportLog log, ImportRequest request)
    {
        db.ImportLogs.Add(log);
        if (request.Audit is { } audit)
            db.AuditEntries.Add(audit(log));
    }

    private static ImportLog NewLog(ImportSource source, ImportRequest request, DateTimeOffset startedAt) => new()
    {
        StartedAt = startedAt,
        ImportedBy = request.ImportedBy,
        FileName = ImportProblems.Storable(source.FileName),
        SizeBytes = source.Size,
        DryRun = request.DryRun,
    };

    /// <summary>One attempt at the import, in one transaction: committed with its log (true) when the file is imported, else
    /// rolled back with the log completed for the caller to store.</summary>
    private async Task<bool> AttemptAsync(ImportSource source, ImportRequest request, ImportLog log, ImportProblems problems,
        IProgress<long>? progress, Stopwatch stopwatch, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var staged = new StagedRows();
        var kind = await StageAsync(connection, source, request, problems, staged, log, progress, firstLoad: !request.DryRun, ct);
        if (kind is PriceImport { FirstLoad.Abandoned: { } reason })
        {
            if (logger.IsEnabled(LogLevel.Information))
                logger.LogInformation("Staging {FileName} rather than loading it directly: {Reason}", source.FileName, reason);
            (problems, staged, log.RowsRead) = (new ImportProblems(request.SkipInvalid), new StagedRows(), 0);
            kind = await StageAsync(connection, source, request, problems, staged, log, progress, firstLoad: false, ct);
        }
        if (kind is PriceImport { FirstLoad: { } load } && problems.ErrorCount == 0)
            await CompleteFirstLoadAsync(connection, load, problems, staged, log, ct);
        else if (kind is not null && problems.ErrorCount == 0)
            await MergeAsync(connection, kind, problems, staged, log, request.DryRun, ct);
        Complete(log, problems, problems.ErrorCount == 0 ? ImportStatus.Imported : ImportStatus.Rejected, stopwatch);
        log.Sha256 ??= await HashAsync(source, ct); // rejected before it was parsed
        if (log.Status == ImportStatus.Imported && !request.DryRun)
        {
            AddLog(log, request);
            await db.SaveChangesAsync(ct);
            if (log.RowsInserted + log.RowsUpdated > 0)
                await DataChanges.AnnounceAsync(db, ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        await transaction.RollbackAsync(ct);
        return false;
    }

    /// <summary>Recognises the file and streams its rows into the staging table, or straight into daily_prices with their
    /// figures when it is the first price file (<see cref="FirstLoad"/>); null when the file cannot be read.</summary>
    /// <param name="firstLoad">A price file may be loaded directly when no price is stored yet.</param>
    private async Task<KindImport?> StageAsync(NpgsqlConnection connection, ImportSource source, ImportRequest request,
        ImportProblems problems, StagedRows staged, ImportLog log, IProgress<long>? progress, bool firstLoad, CancellationToken ct)
    {
        if (await CsvSniffer.SniffAsync(source, problems, ct) is not { } shape
            || FileFormat.Detect(shape.FirstRecords, request.Kind, problems) is not { } format)
            return null;
        var ticker = FileTicker(source, request, format, problems);
        if (problems.ErrorCount > 0)
            return null;
        log.Format = format.Name;
        log.Kind = format.Kind.ToString().ToLowerInvariant();

        var kind = KindImport.For(format, request.DryRun);
        var prices = kind as PriceImport;
        // Before the staging table, which a load that stops takes back with the rest.
        var load = prices is not null && firstLoad ? await FirstLoad.TryStartAsync(connection, source.Size, ticker, ct) : null;
        await Sql.ExecuteAsync(connection, kind.CreateStaging, ct);
        // The file is hashed as it is parsed (a CryptoStream over SHA-256 passes the bytes through), so it is read once.
        await using var file = source.Open();
        using var sha256 = SHA256.Create();
        await using var stream = new CryptoStream(file, sha256, CryptoStreamMode.Read, leaveOpen: true);
        // The reader skips the encoding's own byte-order mark; detecting marks itself would swap in a lenient UTF-8.
        using var text = new StreamReader(stream, shape.Encoding == Encoding.UTF8 ? CsvSniffer.StrictUtf8 : shape.Encoding, detectEncodingFromByteOrderMarks: false);
        await using var csv = await CsvDataReader.CreateAsync(text, CsvSniffer.Options(shape.Delimiter), ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var row = new Row(csv, format, problems, today, ticker) { DecimalComma = shape.Delimiter == ';' };
        // One COPY at a time on a connection: a first load's into daily_prices, or the staging table's.
        await using var importer = load is null ? await connection.BeginBinaryImportAsync(kind.Copy, ct) : null;
        if (load is not null)
            await load.BeginAsync(ct);
        var copy = importer is null ? null : new StagingWriter(importer);
        try
        {
            await StreamRowsAsync();
        }
        catch when (load is not null)
        {
            await load.DisposeAsync();
            throw;
        }
        if (load is not null && problems.ErrorCount == 0)
            load.EndOfFile();
        if (load?.Abandoned is not null)
        {
            await load.AbandonAsync(ct);
            prices!.FirstLoad = load;
            return kind;
        }
        await stream.CopyToAsync(Stream.Null, ct); // what the parser left after an error, so that the hash is the whole file's
        log.Sha256 = Convert.ToHexStringLower(sha256.Hash!);
        if (problems.ErrorCount > 0)
        {
            if (load is not null)
                await load.AbandonAsync(ct);
            return null; // disposing the COPY without completing it cancels it: nothing of a rejected file is staged or loaded
        }
        if (load is not null)
            prices!.FirstLoad = load;
        else
            await importer!.CompleteAsync(ct);
        return kind;

        async Task StreamRowsAsync()
        {
            try
            {
                while (csv.Read())
                {
                    if (csv.RowNumber <= format.HeaderLines || (csv.RowFieldCount == 1 && csv.GetFieldSpan(0).IsWhiteSpace()))
                        continue; // header lines, and blank lines (typically at the end)
                    log.RowsRead++;
                    if (FieldWithNul(csv) is var nul and >= 0)
                    {
                        // Past the sample the sniffer looked at: binary data, which no text column could store.
                        problems.Error(csv.RowNumber, nul < format.FieldCount ? format.Header[nul] : null, null, CsvSniffer.NulBytes);
                        break;
                    }
                    if (csv.RowFieldCount != format.FieldCount)
                        problems.RowError(csv.RowNumber, null, null, $"expected {format.FieldCount} fields, found {csv.RowFieldCount}");
                    else if (load is null)
                        kind.Stage(row, copy!, problems, staged);
                    else if (!PriceImport.Load(row, load, problems, staged))
                        return; // the file is staged instead
                    else if (load.MonthsDue)
                        await load.WriteMonthsAsync(ct);
                    if (log.RowsRead % 65536 == 0)
                    {
                        ct.ThrowIfCancellationRequested();
                        progress?.Report(file.Position);
                    }
                }
            }
            catch (CsvRecordTooLargeException ex)
            {
                problems.Error(ex.RowNumber, null, null, $"the line is longer than {CsvSniffer.MaxLineLength / 1024} KB: this is not a CSV file of prices");
            }
            catch (CsvFormatException ex)
            {
                problems.Error(ex.RowNumber, ex.FieldOrdinal >= 0 && ex.FieldOrdinal < format.FieldCount ? format.Header[ex.FieldOrdinal] : null, null,
                    "the row is not valid CSV (an unterminated quote?)");
            }
            catch (DecoderFallbackException)
            {
                problems.Error(await CsvSniffer.FirstInvalidUtf8LineAsync(source, ct), null, null, CsvSniffer.NotUtf8);
            }
            progress?.Report(file.Position);
            if (staged.Count == 0 && problems.AllErrors == 0)
                problems.Error(format.HeaderLines, null, null, log.RowsRead == 0 ? "the file has a header but no data rows" : "the file has no rows with data");
        }
    }

    private static int FieldWithNul(CsvDataReader csv)
    {
        for (var i = 0; i < csv.RowFieldCount; i++)
            if (csv.GetFieldSpan(i).Contains('\0'))
                return i;
        return -1;
    }

    /// <summary>The ticker of a file without a ticker column: the file's own (yfinance), the request's, or the file name.</summary>
    private static string? FileTicker(ImportSource source, ImportRequest request, FileFormat format, ImportProblems problems)
    {
        if (format.Has(Field.Ticker))
            return null;
        if (format.HeaderTicker is { } inFile && request.Ticker is { } asked && Tickers.Normalise(inFile) != Tickers.Normalise(asked))
        {
            problems.Error(2, "Ticker", inFile, $"the file is for {inFile}, not {Tickers.Normalise(asked)} as asked");
            return null;
        }
        var ticker = Tickers.Normalise(format.HeaderTicker ?? request.Ticker ?? Tickers.FromFileName(source.FileName));
        if (Tickers.IsValid(ticker))
            return ticker;
        // The file's name as it was written, not normalised into a ticker: the reader must recognise it.
        if (request.Ticker is null && format.HeaderTicker is null)
            problems.Error(0, null, Path.GetFileName(source.FileName),
                "the file name does not give a valid ticker (1–15 letters, digits, '.', '-', '^' or '='); name the ticker explicitly");
        else
            problems.Error(0, null, ticker, "not a valid ticker (1–15 letters, digits, '.', '-', '^' or '=')");
        return null;
    }

    private async Task MergeAsync(NpgsqlConnection connection, KindImport kind, ImportProblems problems, StagedRows staged, ImportLog log,
        bool dryRun, CancellationToken ct)
    {
        if (!staged.KeysAreUnique)
            await ReportDuplicatesAsync(connection, kind, problems, ct);
        if (problems.ErrorCount > 0)
            return;
        log.Tickers = [.. staged.Tickers.Where(t => t.Length > 0)]; // an event label of the whole market day has no ticker
        (log.FirstDate, log.LastDate) = (staged.First, staged.Last);
        // Before anything changes: a full recomputation replaces daily_prices, and a row merged meanwhile would be lost with it.
        await Sql.ExecuteAsync(connection, ShockAnalytics.ShareRecomputationLock, ct);
        await Sql.ExecuteAsync(connection, LockCompanies, ct, (object)log.Tickers.ToArray());
        await kind.BeforeMergeAsync(connection, problems, staged, ct);
        if (problems.ErrorCount > 0)
            return;
        (log.RowsInserted, log.RowsUpdated) = await kind.MergeAsync(connection, staged, ct);
        await kind.AfterMergeAsync(connection, problems, staged, ct);
        // In the import's transaction: readers never see prices without their figures.
        if (!dryRun && kind.ChangesFigures && (kind.InsertsStaged || log.RowsInserted + log.RowsUpdated > 0))
        {
            var stopwatch = Stopwatch.StartNew();
            var (companies, inserted) = await ShockAnalytics.RecomputeAsync(connection, kind.ChangedSeries, kind.ChangesMoves, kind.InsertsStaged, ct);
            if (kind.InsertsStaged)
                log.RowsInserted = checked((int)inserted);
            if (logger.IsEnabled(LogLevel.Information))
                logger.LogInformation("Recomputed the figures of {Companies} companies for {FileName} in {ElapsedMs} ms",
                    companies, log.FileName, stopwatch.ElapsedMilliseconds);
        }
        log.RowsUnchanged = staged.Count - problems.DroppedDuplicates - log.RowsInserted - log.RowsUpdated;
    }

    /// <summary>A first load's rows are written: its indexes, statistics and market days, then the warnings of the file.</summary>
    private async Task CompleteFirstLoadAsync(NpgsqlConnection connection, FirstLoad load, ImportProblems problems, StagedRows staged,
        ImportLog log, CancellationToken ct)
    {
        log.Tickers = [.. staged.Tickers];
        (log.FirstDate, log.LastDate) = (staged.First, staged.Last);
        var stopwatch = Stopwatch.StartNew();
        await load.CompleteAsync(ct);
        foreach (var warning in load.Warnings)
            problems.Warn(warning);
        await SplitBasis.ReportSuspectedSplitsAsync(connection, problems, staged, ct);
        log.RowsInserted = checked((int)load.Rows);
        log.RowsUnchanged = staged.Count - log.RowsInserted;
        if (logger.IsEnabled(LogLevel.Information))
            logger.LogInformation("Loaded {FileName} directly, {Companies} companies with their figures; indexes and market days in {ElapsedMs} ms",
                log.FileName, load.Series, stopwatch.ElapsedMilliseconds);
    }

    /// <summary>One row per key in a file: a repeat is an error, or, when skipping invalid rows, dropped.</summary>
    private static async Task ReportDuplicatesAsync(NpgsqlConnection connection, KindImport kind, ImportProblems problems, CancellationToken ct)
    {
        foreach (var row in await Sql.QueryAsync(connection, kind.FindDuplicates, ct))
        {
            var lines = (int[])row[2];
            var who = (string)row[0] is { Length: > 0 } ticker ? ticker : "The market day";
            foreach (var line in lines.Skip(1))
                problems.RowError(line, kind.HasDates ? "Date" : "Ticker", (string)row[1],
                    kind.HasDates ? $"{who} already has a row for this date on line {lines[0]}" : $"{who} already appears on line {lines[0]}");
        }
        if (problems.SkipInvalid)
            problems.DroppedDuplicates = await Sql.ExecuteAsync(connection, kind.DropLaterDuplicates, ct);
    }

    private static void Complete(ImportLog log, ImportProblems problems, ImportStatus status, Stopwatch stopwatch)
    {
        log.Status = status;
        log.RowsSkipped = problems.SkippedRows;
        log.Warnings = problems.Warnings;
        log.Errors = problems.Errors;
        log.DurationMs = stopwatch.ElapsedMilliseconds;
    }

    private static async Task<string> HashAsync(ImportSource source, CancellationToken ct)
    {
        await using var stream = source.Open();
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    /// <summary>The hash of a file whose import failed, when it can still be read (a failing disk or upload may not be).</summary>
    private async Task<string?> TryHashAsync(ImportSource source, CancellationToken ct)
    {
        try
        {
            return await HashAsync(source, ct);
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "{FileName} could not be read again to hash it", source.FileName);
            return null;
        }
    }
}
