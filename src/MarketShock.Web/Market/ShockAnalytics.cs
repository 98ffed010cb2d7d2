using System.Globalization;
using MarketShock.Caching;
using MarketShock.Data;
using MarketShock.Imports;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Serilog;

namespace MarketShock.Market;

/// <summary>
/// Keeps the figures of the price rows (read as <c>daily_moves</c>), <c>company_months</c> and <c>market_days</c> in step with the stored prices and
/// share counts. It runs on the caller's connection and transaction, so an import and its recomputation commit together.
/// </summary>
/// <remarks>
/// SQL (the <c>Sql/*.sql</c> files beside this one), because every figure compares neighbouring rows or
/// windows over a series: window functions compute them in place, where loading each series into the app
/// would move every row twice. The series to redo are put in a temp table, <c>changed_series</c>: a company
/// and the first date whose move may have changed (<c>-infinity</c> for the whole series), with the count of its staged rows when
/// they are to be inserted.
/// </remarks>
internal static partial class ShockAnalytics
{
    /// <summary>σ_t uses the changes of the previous 250 trading days, and needs at least 60 of them.</summary>
    public const int VolatilityWindow = 250, MinimumVolatilitySample = 60;

    /// <summary>A move more than this many calendar days after the previous row spans a gap in the data.</summary>
    public const int MaxCalendarDaysBetweenSessions = 5;

    // The window steps sort every row of the changed series: in memory up to this much, rather than in files. (JIT is
    // off on every connection of the app, DataServices.SessionOptions.)
    private const string SortMemory = "SET LOCAL work_mem = '64MB'";

    // A first load inserts every price row with its figures into an empty table: its secondary indexes are dropped and built
    // again after the rows, in one sorted pass each, rather than kept up row by row (58% of the time of writing 2.5 M moves,
    // 35.2 s against 14.6 s). It locks the table until the import commits, so only while the table is empty and the file
    // has at least this many rows: readers of a first import wait for it rather than see no figures.
    private const int FirstLoadRows = 100_000;

    private static readonly string IsFirstLoad = FormattableString.Invariant($"""
        SELECT NOT EXISTS (SELECT 1 FROM daily_prices) AND (SELECT count(*) FROM (SELECT 1 FROM staging LIMIT {FirstLoadRows}) s) = {FirstLoadRows}
        """);

    // Each index built after its rows sorts them in memory up to this much.
    private const string IndexBuildMemory = "SET LOCAL maintenance_work_mem = '256MB'";

    private const string SecondaryIndexes = """
        SELECT c.relname::text, pg_get_indexdef(x.indexrelid) FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
        WHERE x.indrelid = 'daily_prices'::regclass AND NOT x.indisprimary
        """;

    private const string CreateChangedSeries = """
        CREATE TEMP TABLE changed_series (company_id int PRIMARY KEY, from_date date NOT NULL, staged_rows int) ON COMMIT DROP
        """;

    // A temp table has no statistics until analysed; without them the planner assumes thousands of rows.
    private const string PrepareChangedSeries = "ANALYZE changed_series";

    // The figures of the stored rows redone, before they are compared with the stored ones and written where they differ:
    // analysed, so that the update joins them to daily_prices on real numbers (a nested loop along the primary key for a
    // correction of a few days; within one statement, the planner would expect millions and scan the whole table).
    private const string CreateRedoneFigures = "CREATE TEMP TABLE redone_figures (LIKE daily_prices) ON COMMIT DROP";

    private static readonly string UpdateChangedFigures = $"""
        ANALYZE redone_figures;
        UPDATE daily_prices p SET ({FigureColumns}) = ({Prefixed("f")})
        FROM redone_figures f
        WHERE p.company_id = f.company_id AND p.date = f.date AND ({Prefixed("p")}) IS DISTINCT FROM ({Prefixed("f")})
        """;

    // Market days are sums across companies, so concurrent imports take turns here; the statements after
    // the lock see what the import before committed.
    public const string LockMarketDays = "SELECT pg_advisory_xact_lock(hashtextextended('marketshock.market_days', 0))";

    // The dates whose market days change: every date of the changed series from its first changed date. Kept
    // in an indexed, analysed table so that the statements joining it to daily_prices plan on real numbers. The figures'
    // statement adds the dates it writes; without new figures (a sector changed), they are read from the stored rows.
    private const string CreateChangedDates = "CREATE TEMP TABLE changed_dates (date date PRIMARY KEY) ON COMMIT DROP";

    private const string CollectStoredDates = """
        INSERT INTO changed_dates
            SELECT DISTINCT p.date FROM changed_series c
            CROSS JOIN LATERAL (SELECT p.date FROM daily_prices p WHERE p.company_id = c.company_id AND p.date >= c.from_date) p
        """;

    private const string ClearChangedMarketDays = """
        ANALYZE changed_dates;
        DELETE FROM market_days d USING changed_dates c WHERE d.date = c.date
        """;

    private const string DropChangedTables = "DROP TABLE changed_dates, changed_series; DROP TABLE IF EXISTS redone_figures";

    // A full recomputation writes every price row with its figures into a new table, builds its indexes and swaps it in for
    // daily_prices (see RecomputeAllAsync): no import may write meanwhile, or what it wrote would be lost with the old table. Imports
    // hold this lock shared for their whole transaction; a full recomputation holds it alone.
    private const string RecomputationLock = "hashtextextended('marketshock.recomputation', 0)";

    /// <summary>Taken by every import before it changes anything, so that a full recomputation waits for it or it for one.</summary>
    public const string ShareRecomputationLock = $"SELECT pg_advisory_xact_lock_shared({RecomputationLock})";

    private const string HoldRecomputationLock = $"SELECT pg_advisory_xact_lock({RecomputationLock})";

    private const string NextPrices = "daily_prices_next";

    // A probe of the partial index ix_daily_prices_without_figures, empty once every figure is computed.
    private const string FiguresMissing = "SELECT EXISTS (SELECT 1 FROM daily_prices WHERE running_count IS NULL)";

    // The same columns, defaults and storage, without the indexes: they are built after the rows.
    private const string CreateNextPrices = $"CREATE TABLE {NextPrices} (LIKE daily_prices INCLUDING ALL EXCLUDING INDEXES)";

    private const string PricesPrimaryKey = """
        SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'daily_prices'::regclass AND contype = 'p'
        """;

    // The views over daily_prices, and the views over those (daily_moves, then daily_move_history over it), nearest first:
    // dropped in the reverse order with the old table, and created again over the new one in this order.
    private const string ViewsOverPrices = """
        WITH RECURSIVE views (oid, depth) AS (
            SELECT r.ev_class, 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
            WHERE d.refobjid = 'daily_prices'::regclass AND r.ev_class <> 'daily_prices'::regclass
            UNION
            SELECT r.ev_class, v.depth + 1 FROM views v JOIN pg_depend d ON d.refobjid = v.oid JOIN pg_rewrite r ON r.oid = d.objid
            WHERE r.ev_class <> v.oid)
        SELECT oid::regclass::text, pg_get_viewdef(oid) FROM views GROUP BY oid ORDER BY max(depth)
        """;

    // The columns the readers filter and sort on (see AnalyzeAfterRows).
    private const string AnalyzedColumns = "(company_id, date, change, market_cap_change, z_score, ranked, running_count)";
    private const string AnalyzePrices = $"ANALYZE daily_prices {AnalyzedColumns}";
    private const string AnalyzeNextPrices = $"ANALYZE {NextPrices} {AnalyzedColumns}";

    // After writing this many rows, daily_prices is analysed before the market days are summed from it: autovacuum
    // has not seen a bulk import yet, and statistics of a much smaller table led the planner to a nested loop over all
    // of it for every row. The columns the readers filter and sort on are analysed too (not the rest: half the time of
    // all columns): without their statistics the leaderboard's count and the permalink's rank scanned every down day.
    private const int AnalyzeAfterRows = 10_000;

    // Filled into the SQL files; declared before the statements that are loaded with them.
    private static readonly (string, string)[] Placeholders =
    [
        ("{VolatilityWindow}", $"{VolatilityWindow}"),
        ("{MinimumVolatilitySample}", $"{MinimumVolatilitySample}"),
        ("{MaxCalendarDaysBetweenSessions}", $"{MaxCalendarDaysBetweenSessions}"),
        ("{SplitRatios}", "{" + string.Join(",", StagedRows.SplitRatioLiterals) + "}"),
        ("{SplitTolerance}", StagedRows.SplitToleranceLiteral),
        ("{SplitMinimum}", StagedRows.SplitMinimumLiteral),
        ("{BinIndex}", CompanyHistory.BinIndexSql("p.change")),
    ];

    /// <summary>The figures a price row carries besides its prices, as write_figures.sql names them.</summary>
    private const string FigureColumns = """
        previous_date, previous_close, change, after_gap, suspected_split, ranked, shares, shares_approximate, previous_shares,
        market_cap_change, market_cap_approximate, volatility, z_score, running_count, running_sum, running_sum_of_squares
        """;

    private const string RowColumns = $"company_id, date, open, high, low, close, adjusted_close, volume, {FigureColumns}";

    private static string Prefixed(string alias) =>
        string.Join(", ", FigureColumns.Split(',', StringSplitOptions.TrimEntries).Select(column => $"{alias}.{column}"));

    // Where write_figures.sql reads the rows of each series from, how it counts them, and where it writes their figures.
    // OFFSET 0 keeps the look-up a probe per series: flattened into a join, the planner expected thousands of rows per
    // series for 5,000 series of one changed day each and hashed the whole of daily_prices (30 M rows, 20 s of a 23 s
    // statement).
    private const string StoredSeriesRows = """
        series_start s
        CROSS JOIN LATERAL (SELECT * FROM daily_prices p WHERE p.company_id = s.company_id AND p.date >= s.from_date OFFSET 0) p
        """;

    private const string StoredRowCount = "SELECT count(*) FROM daily_prices p WHERE p.company_id = c.company_id AND p.date >= c.from_date";

    // New days (a first load, a daily update) are read from the staged rows, at the precision they are stored with; the
    // stored rows before them are read as for a correction.
    private const string StagedSeriesRows = """
        series_start s
        JOIN (SELECT c.id AS company_id, st.date, st.open::numeric(19,6) AS open, st.high::numeric(19,6) AS high,
                     st.low::numeric(19,6) AS low, st.close::numeric(19,6) AS close,
                     st.adjusted_close::numeric(19,6) AS adjusted_close, st.volume
              FROM staging st JOIN companies c ON c.ticker = st.ticker) p ON p.company_id = s.company_id
        """;

    private static string InsertInto(string table) => $"INSERT INTO {table} ({RowColumns}) SELECT {RowColumns} FROM figures";

    private static readonly string RedoStoredFigures =
        LoadFigures(StoredSeriesRows, StoredRowCount, InsertInto("redone_figures"));
    private static readonly string InsertStagedWithFigures =
        LoadFigures(StagedSeriesRows, "c.staged_rows", InsertInto("daily_prices"));
    private static readonly string InsertNextPricesWithFigures =
        LoadFigures(StoredSeriesRows, StoredRowCount, InsertInto(NextPrices));
    private static readonly string InsertMarketDays = Load("insert_market_days.sql", ("{PricesTable}", "daily_prices"));
    private static readonly string InsertNextMarketDays = Load("insert_market_days.sql", ("{PricesTable}", NextPrices));

    // The months of the changed series from the month of each one's first changed date, and every company's months.
    private static readonly string WriteChangedMonths =
        Load("write_months.sql", ("{Series}", "SELECT company_id, from_date FROM changed_series"), ("{PricesTable}", "daily_prices"));

    /// <summary>The statement that writes every company's months from <paramref name="pricesTable"/>: the recomputation empties
    /// company_months before it, the migration that made the table runs it on an empty one.</summary>
    internal static string WriteAllMonths(string pricesTable) =>
        Load("write_months.sql", ("{Series}", "SELECT id, '-infinity'::date FROM companies"), ("{PricesTable}", pricesTable));

    private static string LoadFigures(string seriesRows, string newRows, string write) =>
        Load("write_figures.sql", ("{SeriesRows}", seriesRows), ("{NewRows}", newRows), ("{Write}", write));

    /// <summary>Redoes the figures and market days of the series a merge changed, listed by <paramref name="changedSeries"/>.</summary>
    /// <param name="changedSeries">A query giving (company id, first changed date, staged rows or null) rows.</param>
    /// <param name="movesChanged">False when only what the market days group by changed (a company's sector).</param>
    /// <param name="insertStaged">The staged prices are new days, left by the merge for this to insert with their figures:
    /// each comes after every stored price of its company (a first load, a daily update).</param>
    /// <returns>How many companies' series were redone, and how many staged rows were inserted.</returns>
    /// <remarks>The caller holds <see cref="ShareRecomputationLock"/> from before its merge (the importer does).</remarks>
    public static async Task<(int Companies, long Inserted)> RecomputeAsync(NpgsqlConnection connection, string changedSeries,
        bool movesChanged, bool insertStaged, CancellationToken ct)
    {
        var companies = await PrepareAsync(connection, changedSeries, ct);
        long written = 0;
        if (insertStaged)
        {
            var indexes = await Sql.ScalarAsync<bool>(connection, IsFirstLoad, ct) ? await DropSecondaryIndexesAsync(connection, ct) : [];
            written = await Sql.ScalarAsync<long>(connection, InsertStagedWithFigures, ct);
            await CreateIndexesAsync(connection, indexes, ct);
        }
        else if (movesChanged)
        {
            await Sql.ExecuteAsync(connection, CreateRedoneFigures, ct);
            await Sql.ExecuteAsync(connection, RedoStoredFigures, ct);
            written = await Sql.ExecuteAsync(connection, UpdateChangedFigures, ct);
        }
        else
            await Sql.ExecuteAsync(connection, CollectStoredDates, ct);
        await AnalyzeAsync(connection, written, ct);
        if (insertStaged || movesChanged)
            await Sql.ExecuteAsync(connection, WriteChangedMonths, ct);
        await RedoMarketDaysAsync(connection, InsertMarketDays, ct);
        return (companies, insertStaged ? written : 0);
    }

    /// <summary>A company's sector changed: the market days of its dates are summed again, into its new sector; its moves
    /// stay as they are. In the caller's transaction, which holds <see cref="ShareRecomputationLock"/> from before the change.</summary>
    public static Task RegroupAsync(NpgsqlConnection connection, int companyId, CancellationToken ct) =>
        RecomputeAsync(connection, FormattableString.Invariant($"SELECT {companyId}, '-infinity'::date, NULL::int"), movesChanged: false, insertStaged: false, ct);

    /// <summary>The temp tables of the series to redo and of the dates they touch.</summary>
    /// <returns>How many companies' series are to be redone.</returns>
    private static async Task<int> PrepareAsync(NpgsqlConnection connection, string changedSeries, CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, SortMemory, ct);
        await Sql.ExecuteAsync(connection, CreateChangedSeries, ct);
        var companies = await Sql.ExecuteAsync(connection, $"INSERT INTO changed_series (company_id, from_date, staged_rows) {changedSeries}", ct);
        await Sql.ExecuteAsync(connection, PrepareChangedSeries, ct);
        await Sql.ExecuteAsync(connection, CreateChangedDates, ct);
        return companies;
    }

    /// <summary>The market days of the changed dates, summed again from the moves; then the temp tables are dropped.</summary>
    private static async Task RedoMarketDaysAsync(NpgsqlConnection connection, string insertMarketDays, CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, LockMarketDays, ct);
        await Sql.ExecuteAsync(connection, ClearChangedMarketDays, ct);
        await Sql.ExecuteAsync(connection, insertMarketDays, ct);
        await Sql.ExecuteAsync(connection, DropChangedTables, ct);
    }

    /// <summary>Analyses daily_prices after a bulk write of this many rows (see <see cref="AnalyzeAfterRows"/>).</summary>
    public static async Task AnalyzeAsync(NpgsqlConnection connection, long written, CancellationToken ct)
    {
        if (written > AnalyzeAfterRows)
            await Sql.ExecuteAsync(connection, AnalyzePrices, ct);
    }

    /// <summary>Creates again the indexes <see cref="DropSecondaryIndexesAsync"/> dropped, in the same transaction.</summary>
    public static async Task CreateIndexesAsync(NpgsqlConnection connection, IEnumerable<string> definitions, CancellationToken ct)
    {
        foreach (var definition in definitions)
            await Sql.ExecuteAsync(connection, definition, ct);
    }

    /// <summary>Drops the secondary indexes of <c>daily_prices</c>, in the caller's transaction, for a first load to build
    /// after its rows.</summary>
    /// <returns>Their definitions, to create them again.</returns>
    public static async Task<List<string>> DropSecondaryIndexesAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, IndexBuildMemory, ct);
        var indexes = await Sql.QueryAsync(connection, SecondaryIndexes, ct);
        foreach (var index in indexes)
            await Sql.ExecuteAsync(connection, $"DROP INDEX {(string)index[0]}", ct);
        return [.. indexes.Select(index => (string)index[1])];
    }

    /// <summary>Rebuilds every figure and market day from the stored prices and share counts.</summary>
    /// <remarks>
    /// Every price row goes with its figures into a new table, without indexes until its rows are in, and the market days
    /// are summed from it; then it replaces <c>daily_prices</c> (and the views over it are created again), all in one
    /// transaction: readers see the old figures until it commits, and wait only for the swap's renames. Deleting and
    /// rewriting every row kept the indexes up row by row (2,277 s at 30 M rows in a table of moves with seven). Imports
    /// wait for it (<see cref="ShareRecomputationLock"/>).
    /// </remarks>
    public static Task RecomputeAllAsync(MarketShockDbContext db, CancellationToken ct) => RecomputeAllAsync(db, onlyIfMissing: false, ct);

    /// <param name="onlyIfMissing">Only when some stored prices have no figures, checked under the lock: of two instances
    /// starting on such a database, the second waits for the first's recomputation and then has nothing to do.</param>
    private static Task RecomputeAllAsync(MarketShockDbContext db, bool onlyIfMissing, CancellationToken ct) =>
        // One retriable unit: a connection lost on the way rolls the new table back, and it is built again.
        db.Database.CreateExecutionStrategy().ExecuteAsync(attemptCt => RecomputeAllOnceAsync(db, onlyIfMissing, attemptCt), ct);

    private static async Task RecomputeAllOnceAsync(MarketShockDbContext db, bool onlyIfMissing, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await Sql.ExecuteAsync(connection, HoldRecomputationLock, ct);
        if (onlyIfMissing && !await Sql.ScalarAsync<bool>(connection, FiguresMissing, ct))
            return;
        if (onlyIfMissing)
            Log.Information("The stored prices have no figures yet: computing them");
        await PrepareAsync(connection, "SELECT id, '-infinity'::date, NULL::int FROM companies", ct);
        await Sql.ExecuteAsync(connection, CreateNextPrices, ct);
        await Sql.ScalarAsync<long>(connection, InsertNextPricesWithFigures, ct);
        var swap = await IndexNextPricesAsync(connection, ct);
        await Sql.ExecuteAsync(connection, AnalyzeNextPrices, ct);
        await Sql.ExecuteAsync(connection, "DELETE FROM company_months", ct);
        await Sql.ExecuteAsync(connection, WriteAllMonths(NextPrices), ct);
        await RedoMarketDaysAsync(connection, InsertNextMarketDays, ct);
        foreach (var statement in swap)
            await Sql.ExecuteAsync(connection, statement, ct);
        await DataChanges.AnnounceAsync(db, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Builds on <c>daily_prices_next</c> the primary key and indexes <c>daily_prices</c> has, under names of their own.</summary>
    /// <returns>The statements of the swap: drop <c>daily_prices</c> and the views over it, and give the new table, its indexes
    /// and the views the old names.</returns>
    private static async Task<List<string>> IndexNextPricesAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, IndexBuildMemory, ct);
        var views = await Sql.QueryAsync(connection, ViewsOverPrices, ct);
        List<string> swap = [.. views.AsEnumerable().Reverse().Select(view => $"DROP VIEW {(string)view[0]}"),
            "DROP TABLE daily_prices", $"ALTER TABLE {NextPrices} RENAME TO daily_prices"];
        foreach (var row in await Sql.QueryAsync(connection, PricesPrimaryKey, ct))
        {
            var name = (string)row[0];
            await Sql.ExecuteAsync(connection, $"ALTER TABLE {NextPrices} ADD CONSTRAINT {name}_next {(string)row[1]}", ct);
            swap.Add($"ALTER TABLE daily_prices RENAME CONSTRAINT {name}_next TO {name}");
        }
        foreach (var row in await Sql.QueryAsync(connection, SecondaryIndexes, ct))
        {
            var (name, definition) = ((string)row[0], (string)row[1]);
            var onNext = IndexOnPrices().Replace(definition, $"$1 {name}_next ON {NextPrices} ", 1);
            if (onNext == definition)
                throw new InvalidOperationException($"The index {name} of daily_prices has a definition the recomputation does not expect: {definition}");
            await Sql.ExecuteAsync(connection, onNext, ct);
            swap.Add($"ALTER INDEX {name}_next RENAME TO {name}");
        }
        swap.AddRange(views.Select(view => $"CREATE VIEW {(string)view[0]} AS {(string)view[1]}"));
        return swap;
    }

    // "CREATE [UNIQUE] INDEX name ON [schema.]daily_prices USING …" as pg_get_indexdef writes it.
    [System.Text.RegularExpressions.GeneratedRegex(@"^(CREATE (?:UNIQUE )?INDEX) \S+ ON (?:\S+\.)?daily_prices ")]
    private static partial System.Text.RegularExpressions.Regex IndexOnPrices();

    /// <summary>Computes the figures of a database whose prices predate them (a migration that changes them leaves them to
    /// compute; imports compute them since).</summary>
    public static async Task RecomputeIfMissingAsync(MarketShockDbContext db, CancellationToken ct)
    {
        // Checked first without the lock, so that a start on a computed database does not wait for the imports running.
        if (!await db.Database.SqlQueryRaw<bool>($"{FiguresMissing} AS \"Value\"").SingleAsync(ct))
            return;
        await RecomputeAllAsync(db, onlyIfMissing: true, ct);
    }

    /// <summary>An embedded statement of <c>Market/Sql</c>, with the caller's placeholders and then this class's constants filled in.</summary>
    private static string Load(string name, params (string Placeholder, string Value)[] fills)
    {
        using var stream = typeof(ShockAnalytics).Assembly.GetManifestResourceStream($"MarketShock.Market.Sql.{name}")
            ?? throw new InvalidOperationException($"The embedded resource Market/Sql/{name} is missing");
        using var reader = new StreamReader(stream);
        var sql = reader.ReadToEnd();
        foreach (var (placeholder, value) in fills.Concat(Placeholders))
            sql = sql.Replace(placeholder, value, StringComparison.Ordinal);
        return sql;
    }
}
