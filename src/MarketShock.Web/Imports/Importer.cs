using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using MarketShock.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Sylvan.Data.Csv;

namespace MarketShock.Imports;

/// <summary>
/// Imports one file in one transaction: parse while streaming into a staging table with binary COPY,
/// then merge into the stored rows with a single statement. A file with any error changes nothing.
/// </summary>
internal sealed class Importer(MarketShockDbContext db, TimeProvider clock, ILogger<Importer> logger)
{
    // Staging and merging are SQL because one set-based statement over COPY-ed rows is what makes an
    // import run at the speed of COPY; row-by-row EF inserts would be orders of magnitude slower.
    private const string CreateStaging = """
        CREATE TEMP TABLE staging_prices (
            line int NOT NULL, ticker text NOT NULL, date date NOT NULL,
            open numeric, high numeric, low numeric, close numeric NOT NULL, adjusted_close numeric, volume bigint
        ) ON COMMIT DROP
        """;

    private const string CopyStaging =
        "COPY staging_prices (line, ticker, date, open, high, low, close, adjusted_close, volume) FROM STDIN (FORMAT BINARY)";

    private const string FindDuplicates = """
        SELECT ticker, date::text, array_agg(line ORDER BY line)
        FROM staging_prices GROUP BY ticker, date HAVING count(*) > 1
        ORDER BY min(line) LIMIT 1000
        """;

    private const string Summarise = "SELECT coalesce(array_agg(DISTINCT ticker), '{}'), min(date), max(date) FROM staging_prices";

    // Imports of the same company queue behind each other; locks are taken in ticker order to avoid deadlocks.
    private const string LockCompanies = """
        SELECT pg_advisory_xact_lock(hashtextextended('marketshock.company:' || ticker, 0))
        FROM (SELECT DISTINCT ticker FROM staging_prices ORDER BY ticker) t
        """;

    private const string Merge = """
        INSERT INTO companies (ticker, name)
        SELECT DISTINCT ticker, ticker FROM staging_prices ORDER BY ticker
        ON CONFLICT (ticker) DO NOTHING;

        WITH merged AS (
            INSERT INTO daily_prices AS p (company_id, date, open, high, low, close, adjusted_close, volume)
            SELECT c.id, s.date, s.open, s.high, s.low, s.close, s.adjusted_close, s.volume
            FROM staging_prices s JOIN companies c ON c.ticker = s.ticker
            ON CONFLICT (company_id, date) DO UPDATE
            SET open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
                adjusted_close = excluded.adjusted_close, volume = excluded.volume
            WHERE (p.open, p.high, p.low, p.close, p.adjusted_close, p.volume)
                IS DISTINCT FROM (excluded.open, excluded.high, excluded.low, excluded.close, excluded.adjusted_close, excluded.volume)
            RETURNING (xmax = 0) AS inserted)
        SELECT count(*) FILTER (WHERE inserted)::int, count(*) FILTER (WHERE NOT inserted)::int FROM merged;
        """;

    public async Task<ImportLog> ImportAsync(ImportSource source, ImportRequest request, CancellationToken ct = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var log = new ImportLog
        {
            StartedAt = clock.GetUtcNow(),
            ImportedBy = request.ImportedBy,
            FileName = source.FileName,
            SizeBytes = source.Size,
            Sha256 = await HashAsync(source, ct),
            DryRun = request.DryRun,
        };
        var problems = new ImportProblems();
        try
        {
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                var connection = (NpgsqlConnection)db.Database.GetDbConnection();
                var staged = await StageAsync(connection, source, request, problems, log, ct);
                if (staged >= 0 && problems.ErrorCount == 0)
                    await FindDuplicatesAsync(connection, problems, ct);
                if (problems.ErrorCount == 0)
                {
                    await SummariseAsync(connection, log, ct);
                    await Execute(connection, LockCompanies, ct);
                    (log.RowsInserted, log.RowsUpdated) = await MergeAsync(connection, ct);
                    log.RowsUnchanged = staged - log.RowsInserted - log.RowsUpdated;
                }
                Complete(log, problems, problems.ErrorCount == 0 ? ImportStatus.Imported : ImportStatus.Rejected, stopwatch);
                if (log.Status == ImportStatus.Imported && !request.DryRun)
                {
                    db.ImportLogs.Add(log);
                    await db.SaveChangesAsync(ct);
                    await transaction.CommitAsync(ct);
                    return log;
                }
                await transaction.RollbackAsync(ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Import of {FileName} failed", source.FileName);
            problems.Error(0, null, null, $"the import failed: {ex.Message}");
            Complete(log, problems, ImportStatus.Failed, stopwatch);
        }
        db.ChangeTracker.Clear();
        db.ImportLogs.Add(log);
        await db.SaveChangesAsync(ct);
        return log;
    }

    /// <summary>Parses the file into the staging table. Returns the number of rows staged.</summary>
    private async Task<int> StageAsync(NpgsqlConnection connection, ImportSource source, ImportRequest request,
        ImportProblems problems, ImportLog log, CancellationToken ct)
    {
        if (request.Kind is { } kind && kind != ImportKind.Prices)
        {
            problems.Error(0, null, null, $"importing {kind.ToString().ToLowerInvariant()} files is not available; only price files can be imported");
            return -1;
        }
        var ticker = request.Ticker is { } given ? Tickers.Normalise(given) : Tickers.FromFileName(source.FileName);
        if (!Tickers.IsValid(ticker))
        {
            problems.Error(0, null, ticker, request.Ticker is null
                ? "the file name does not give a valid ticker (1–15 letters, digits, '.', '-', '^' or '='); name the ticker explicitly"
                : "not a valid ticker (1–15 letters, digits, '.', '-', '^' or '=')");
            return -1;
        }

        await Execute(connection, CreateStaging, ct);
        await using var stream = source.Open();
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        await using var csv = await OpenCsvAsync(text, problems, ct);
        if (csv is null)
            return -1;
        var file = YahooPriceFile.Open(csv, problems, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (file is null)
            return -1;
        log.Format = YahooPriceFile.FormatName;
        log.Kind = "prices";

        var staged = 0;
        await using var copy = await connection.BeginBinaryImportAsync(CopyStaging, ct);
        try
        {
            foreach (var row in file.Rows(ticker))
            {
                if (problems.ErrorCount > 0)
                    continue; // keep reading to report every error, but stage nothing more
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(row.Line, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(row.Ticker, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(row.Date, NpgsqlDbType.Date, ct);
                await WriteAsync(copy, row.Open, ct);
                await WriteAsync(copy, row.High, ct);
                await WriteAsync(copy, row.Low, ct);
                await copy.WriteAsync(row.Close, NpgsqlDbType.Numeric, ct);
                await WriteAsync(copy, row.AdjustedClose, ct);
                if (row.Volume is { } volume)
                    await copy.WriteAsync(volume, NpgsqlDbType.Bigint, ct);
                else
                    await copy.WriteNullAsync(ct);
                staged++;
            }
        }
        catch (CsvFormatException ex)
        {
            problems.Error(ex.RowNumber + 1, ex.FieldOrdinal >= 0 && ex.FieldOrdinal < csv.FieldCount ? csv.GetName(ex.FieldOrdinal) : null, null,
                "the row is not valid CSV (an unterminated quote?)");
        }
        log.RowsRead = file.RowsRead;
        if (staged == 0 && problems.ErrorCount == 0)
            problems.Error(1, null, null, "the file has a header but no data rows");
        if (problems.ErrorCount > 0)
            return -1; // disposing the importer without completing it cancels the COPY
        await copy.CompleteAsync(ct);
        return staged;
    }

    /// <summary>Opens the CSV reader on the header line; null, with the reason recorded, when there is no usable header.</summary>
    private static async Task<CsvDataReader?> OpenCsvAsync(TextReader text, ImportProblems problems, CancellationToken ct)
    {
        try
        {
            var csv = await CsvDataReader.CreateAsync(text, new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',' }, ct);
            if (csv.FieldCount > 1 || !string.IsNullOrWhiteSpace(csv.GetName(0)))
                return csv;
            await csv.DisposeAsync();
        }
        catch (CsvMissingHeadersException)
        {
        }
        catch (CsvFormatException)
        {
            problems.Error(1, null, null, "the header line is not valid CSV (an unterminated quote?)");
            return null;
        }
        problems.Error(1, null, null, "the file is empty");
        return null;
    }

    private static async Task WriteAsync(NpgsqlBinaryImporter copy, decimal? value, CancellationToken ct)
    {
        if (value is { } v)
            await copy.WriteAsync(v, NpgsqlDbType.Numeric, ct);
        else
            await copy.WriteNullAsync(ct);
    }

    private static async Task FindDuplicatesAsync(NpgsqlConnection connection, ImportProblems problems, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(FindDuplicates, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var lines = reader.GetFieldValue<int[]>(2);
            foreach (var line in lines.Skip(1))
                problems.Error(line, "Date", reader.GetString(1), $"{reader.GetString(0)} already has a row for this date on line {lines[0]}");
        }
    }

    private static async Task SummariseAsync(NpgsqlConnection connection, ImportLog log, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Summarise, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        log.Tickers = [.. reader.GetFieldValue<string[]>(0)];
        log.FirstDate = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateOnly>(1);
        log.LastDate = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateOnly>(2);
    }

    private static async Task<(int Inserted, int Updated)> MergeAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Merge, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
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
}
