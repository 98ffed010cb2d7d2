using System.Numerics;
using MarketShock.Data;
using MarketShock.Imports;
using Npgsql;

namespace MarketShock.Market;

/// <summary>
/// The prices of a first load (no price stored yet), written with their figures straight into <c>daily_prices</c> as the
/// file is read, and the market days summed on the way: one COPY of each row, where the staged path copies the file into a
/// staging table, reads it back sorted and computes every figure in SQL (at 30 M rows, the staging COPY, the figures'
/// statement and the market days were 84, 460 and 77 s of a 785 s import).
/// </summary>
/// <remarks>
/// It needs each company's rows together and in date order (a file sorted by ticker and date, or a file of one ticker). It
/// keeps one company's rows until the next company's first, so that raw prices across a recorded split can be adjusted as
/// the staged path adjusts them. At the first row out of order, or a move across a split it cannot judge exactly, it stops
/// (<see cref="Abandoned"/>): <see cref="AbandonAsync"/> takes back what it wrote, and the file is imported through the
/// staging table instead, which sorts and reports repeated dates. It runs in a savepoint of the import's
/// transaction, holding <c>daily_prices</c> and <c>companies</c> against other writers (readers go on) so that neither is
/// written meanwhile: a price import waits for it to commit. Readers see the rows when the import commits.
/// </remarks>
internal sealed class FirstLoad : IAsyncDisposable
{
    private const string Savepoint = "first_load";

    // Other imports write prices and create companies only after this commits; it reads the stored share counts and splits
    // under the same locks, so none changes between the read and the write of the figures that use them. Every import that
    // writes both tables takes companies first (creating the companies a file names), then daily_prices, as this does: the
    // other order deadlocked two imports of an empty database.
    private const string Lock = "LOCK TABLE companies IN SHARE ROW EXCLUSIVE MODE; LOCK TABLE daily_prices IN EXCLUSIVE MODE";

    /// <summary>Taken by a price import once it holds its companies' locks and before it reads the stored prices: it waits
    /// for a first load in progress (whose companies it cannot know), and then sees its rows. The tables in the order of
    /// <see cref="Lock"/>.</summary>
    public const string WaitForFirstLoad = "LOCK TABLE companies, daily_prices IN ROW EXCLUSIVE MODE";

    private const string AnyPrice = "SELECT EXISTS (SELECT 1 FROM daily_prices)";

    private const string Companies = "SELECT ticker::text, id, coalesce(nullif(sector, ''), 'Unclassified')::text FROM companies";

    private const string ShareCounts = "SELECT company_id, date, shares FROM shares_outstanding ORDER BY company_id, date";

    private const string Splits = "SELECT company_id, date, ratio FROM splits ORDER BY company_id, date";

    // New companies get ids of their own from the identity's sequence: the first here, the last set after the rows.
    private const string FirstNewId = "SELECT nextval(pg_get_serial_sequence('companies', 'id'))::int";

    private const string CreateCompanies = "INSERT INTO companies (id, ticker, name) SELECT * FROM unnest($1::int[], $2::text[], $2::text[])";

    private const string LastNewId = "SELECT setval(pg_get_serial_sequence('companies', 'id'), (SELECT max(id) FROM companies))";

    private const string CopyPrices = """
        COPY daily_prices (company_id, date, open, high, low, close, adjusted_close, volume, previous_date, previous_close, change,
                           after_gap, suspected_split, ranked, shares, shares_approximate, previous_shares, market_cap_change,
                           market_cap_approximate, volatility, z_score, running_count, running_sum, running_sum_of_squares)
        FROM STDIN (FORMAT BINARY)
        """;

    private const string CopyMonths = """
        COPY company_months (company_id, month, days, first_date, last_date, low_date, high_date, bins) FROM STDIN (FORMAT BINARY)
        """;

    // The months are kept until this many, then written between two COPYs of prices: memory stays flat in the file's size.
    // (About 100,000 price rows; a 30 M-row file switches 700 times, a round trip or two each.)
    private const int MonthsPerCopy = 2_000;

    private const string CopyMarketDays = """
        COPY market_days (date, sector, market_cap_change, market_cap_before, companies, decliners, advancers, approximate)
        FROM STDIN (FORMAT BINARY)
        """;

    // From this size of file, the secondary indexes are dropped and built after the rows, in one sorted pass each (as
    // ShockAnalytics does for a first load through the staging table): about 100,000 rows of a long CSV file.
    private const long RebuildIndexesFromBytes = 4 << 20;

    private readonly NpgsqlConnection _connection;
    private readonly Dictionary<string, (int Id, string Sector)> _companies;
    private readonly Dictionary<int, List<(DateOnly Date, long Shares)>> _shares;
    private readonly Dictionary<int, List<(DateOnly Date, decimal Ratio)>> _splits;
    private readonly List<string> _indexes;
    private readonly List<(int Id, string Ticker)> _created = [];
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    // The market days: per date, the whole market's totals (at 0) and each sector's (at its index in _sectors).
    private readonly Dictionary<DateOnly, DayTotals?[]> _days = [];
    private readonly List<string> _sectors = [""];
    private readonly List<Month> _months = [];
    private readonly int _firstNewId;
    private CopyWriter? _copy;

    // The series being read: its rows are kept until the next company's first, when a raw split may still divide them.
    private string? _ticker;
    private int _companyId;
    private int _sector;
    private readonly List<Pending> _pending = [];

    private FirstLoad(NpgsqlConnection connection, Dictionary<string, (int, string)> companies,
        Dictionary<int, List<(DateOnly, long)>> shares, Dictionary<int, List<(DateOnly, decimal)>> splits, List<string> indexes, int firstNewId)
    {
        (_connection, _companies, _shares, _splits, _indexes, _firstNewId) = (connection, companies, shares, splits, indexes, firstNewId);
        // Every sector known before the first row, so that each date's totals have a place for each.
        foreach (var sector in companies.Values.Select(c => c.Item2).Append("Unclassified").Distinct().Order(StringComparer.Ordinal))
            _sectors.Add(sector);
    }

    /// <summary>Why it stopped, when it did: the file goes through the staging table instead.</summary>
    public string? Abandoned { get; private set; }

    public long Rows { get; private set; }

    public int Series => _done.Count;

    /// <summary>What the load did that the file's reader should know: raw prices it adjusted for a split.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Starts a first load when no price is stored; null (nothing changed, no lock kept) when some are.</summary>
    /// <param name="fileSize">The file's size in bytes: a large one has the secondary indexes built after its rows.</param>
    /// <param name="fileTicker">The file's one ticker, when it has no ticker column: its company's lock is taken first, as
    /// every import of a company takes it. The companies of a long file are known only as it is read; another import that
    /// holds one of them waits for this one at its first write to daily_prices (<see cref="WaitForFirstLoad"/>).</param>
    public static async Task<FirstLoad?> TryStartAsync(NpgsqlConnection connection, long fileSize, string? fileTicker, CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, $"SAVEPOINT {Savepoint}", ct);
        await Sql.ExecuteAsync(connection, ShockAnalytics.ShareRecomputationLock, ct);
        if (fileTicker is not null)
            await Sql.ExecuteAsync(connection, Importer.LockCompanies, ct, (object)new[] { fileTicker });
        await Sql.ExecuteAsync(connection, Lock, ct);
        if (await Sql.ScalarAsync<bool>(connection, AnyPrice, ct))
        {
            await Sql.ExecuteAsync(connection, $"ROLLBACK TO SAVEPOINT {Savepoint}; RELEASE SAVEPOINT {Savepoint}", ct); // and its locks
            return null;
        }
        var companies = (await Sql.QueryAsync(connection, Companies, ct)).ToDictionary(r => (string)r[0], r => ((int)r[1], (string)r[2]), StringComparer.Ordinal);
        var shares = (await Sql.QueryAsync(connection, ShareCounts, ct)).GroupBy(r => (int)r[0])
            .ToDictionary(g => g.Key, g => g.Select(r => ((DateOnly)r[1], (long)r[2])).ToList());
        var splits = (await Sql.QueryAsync(connection, Splits, ct)).GroupBy(r => (int)r[0])
            .ToDictionary(g => g.Key, g => g.Select(r => ((DateOnly)r[1], (decimal)r[2])).ToList());
        var firstNewId = await Sql.ScalarAsync<int>(connection, FirstNewId, ct);
        await Sql.ExecuteAsync(connection, "DELETE FROM company_months", ct); // none without prices: the load's replace any
        var indexes = fileSize >= RebuildIndexesFromBytes ? await ShockAnalytics.DropSecondaryIndexesAsync(connection, ct) : [];
        return new FirstLoad(connection, companies, shares, splits, indexes, firstNewId);
    }

    /// <summary>Opens the COPY the rows go to: nothing else runs on the connection until <see cref="CompleteAsync"/>.</summary>
    public async Task BeginAsync(CancellationToken ct) => _copy = await CopyWriter.BeginAsync(_connection, CopyPrices, ct);

    /// <summary>Takes a checked price row; false (and <see cref="Abandoned"/> says why) when the load cannot go on with it.</summary>
    public bool Add(string ticker, DateOnly date, decimal? open, decimal? high, decimal? low, decimal close, decimal? adjustedClose, long? volume)
    {
        if (!string.Equals(ticker, _ticker, StringComparison.Ordinal) && !StartSeries(ticker))
            return false;
        if (_pending.Count > 0 && date <= _pending[^1].Date)
            return Abandon($"{ticker}'s dates are not in ascending order");
        _pending.Add(new Pending(date, open, high, low, close, adjustedClose, volume));
        return true;
    }

    /// <summary>The months of the companies read are to be written (<see cref="WriteMonthsAsync"/>) before the next row.</summary>
    public bool MonthsDue => _months.Count >= MonthsPerCopy;

    /// <summary>Writes the months kept so far: the COPY of prices is ended, the months copied, and a new one begun.</summary>
    public async Task WriteMonthsAsync(CancellationToken ct)
    {
        await _copy!.CompleteAsync(ct);
        _copy = null;
        await CopyMonthsAsync(ct);
        _copy = await CopyWriter.BeginAsync(_connection, CopyPrices, ct);
    }

    private async Task CopyMonthsAsync(CancellationToken ct)
    {
        await using var months = await CopyWriter.BeginAsync(_connection, CopyMonths, ct);
        foreach (var month in _months)
        {
            months.StartRow(8);
            months.Integer(month.CompanyId);
            months.Date(month.Start);
            months.Integer(month.Days);
            months.Date(month.FirstDate);
            months.Date(month.Last);
            months.Date(month.Low.Date);
            months.Date(month.High.Date);
            month.Bins.Sort();
            months.SmallintArray(month.Bins);
        }
        await months.CompleteAsync(ct);
        _months.Clear();
    }

    /// <summary>After the file's last row: writes the last company's rows; false when the load cannot go on with them.</summary>
    public bool EndOfFile() => Flush();

    private bool StartSeries(string ticker)
    {
        if (!Flush())
            return false;
        if (_done.Contains(ticker))
            return Abandon($"{ticker}'s rows are not together");
        _ticker = ticker;
        if (_companies.TryGetValue(ticker, out var company))
            (_companyId, _sector) = (company.Id, _sectors.IndexOf(company.Sector));
        else
        {
            (_companyId, _sector) = (_firstNewId + _created.Count, _sectors.IndexOf("Unclassified"));
            _created.Add((_companyId, ticker));
        }
        return true;
    }

    /// <summary>Writes the rows of the company read, with their figures: on today's split basis first.</summary>
    private bool Flush()
    {
        if (_ticker is null || _pending.Count == 0)
            return true;
        var splits = _splits.GetValueOrDefault(_companyId) ?? [];
        if (!AdjustRawPrices(splits))
            return false;
        var shareCounts = _shares.GetValueOrDefault(_companyId) ?? [];
        var (share, split, figures) = (-1, 0, new SeriesFigures());
        foreach (var row in _pending)
        {
            // The earliest count also stands for the days before it, marked approximate (as write_figures.sql's share_counts).
            while (share + 1 < shareCounts.Count && shareCounts[share + 1].Date <= row.Date)
                share++;
            long? shares = shareCounts.Count == 0 ? null : shareCounts[Math.Max(share, 0)].Shares;
            var approximate = shareCounts.Count > 0 && share < 0;
            while (split < splits.Count && splits[split].Date < row.Date)
                split++;
            var splitRecorded = split < splits.Count && splits[split].Date == row.Date;

            var rowFigures = figures.Next(row.Date, row.Close, shares, approximate, splitRecorded);
            Write(row, shares, approximate, rowFigures);
            AddToMonth(row, shares, rowFigures);
            if (rowFigures.Ranked && rowFigures.MarketCapChange is { } marketCapChange)
            {
                if (!_days.TryGetValue(row.Date, out var day))
                    _days[row.Date] = day = new DayTotals?[_sectors.Count];
                Total(ref day[0], rowFigures, marketCapChange);
                Total(ref day[_sector], rowFigures, marketCapChange);
            }
        }
        Rows += _pending.Count;
        _done.Add(_ticker);
        _pending.Clear();
        return true;
    }

    /// <summary>
    /// What the staged path does to raw prices (SplitBasis.AdjustStagedPricesAsync), exactly: across each recorded split, a
    /// close that moves by the ratio rather than by nothing (ln(before / after) nearer ln(ratio) than 0, on the file's closes)
    /// means the rows before it are raw, and their prices are divided by the ratio (in numeric, split after split, each
    /// quotient at PostgreSQL's scale), their volumes multiplied and rounded. The test is in double here: a move near the
    /// middle, where double and numeric could differ, goes to the staged path.
    /// </summary>
    private bool AdjustRawPrices(List<(DateOnly Date, decimal Ratio)> splits)
    {
        var raw = new List<(int Before, PgNumeric Ratio)>();
        foreach (var (date, ratio) in splits)
        {
            var after = _pending.FindIndex(r => r.Date >= date);
            if (after <= 0)
                continue; // no row on or after the split, or none before it
            var (before, first) = (_pending[after - 1].Close, _pending[after].Close);
            var move = Math.Log((double)before / (double)first);
            var nearer = Math.Abs(move - Math.Log((double)ratio)) - Math.Abs(move);
            if (Math.Abs(nearer) < 1e-9)
                return Abandon($"{_ticker}'s move across its split of {date:yyyy-MM-dd} is as near the ratio as no move");
            if (nearer < 0)
            {
                raw.Add((after, PgNumeric.FromDecimal(ratio)));
                Warnings.Add(SplitBasis.RawPricesWarning(_ticker!, date, ratio, before, first));
            }
        }
        foreach (var (before, ratio) in raw)
        {
            for (var i = 0; i < before; i++)
                _pending[i] = _pending[i].DividedBy(ratio);
        }
        if (raw.Count > 0)
        {
            for (var i = 0; i < raw[^1].Before; i++)
                _pending[i] = _pending[i].Rounded();
        }
        return true;
    }
    private bool Abandon(string reason)
    {
        Abandoned = reason;
        return false;
    }

    private void Write(Pending row, long? shares, bool sharesApproximate, RowFigures figures)
    {
        var copy = _copy!;
        copy.StartRow(24);
        copy.Integer(_companyId);
        copy.Date(row.Date);
        copy.Numeric(row.Open);
        copy.Numeric(row.High);
        copy.Numeric(row.Low);
        copy.Numeric(row.Close);
        copy.Numeric(row.AdjustedClose);
        copy.Bigint(row.Volume);
        copy.Date(figures.PreviousDate);
        copy.Numeric(figures.PreviousClose);
        copy.Double(figures.Change);
        copy.Boolean(figures.AfterGap);
        copy.Boolean(figures.SuspectedSplit);
        copy.Boolean(figures.Ranked);
        copy.Bigint(shares);
        copy.Boolean(sharesApproximate);
        copy.Bigint(figures.PreviousShares);
        copy.Numeric(figures.MarketCapChange);
        copy.Boolean(figures.MarketCapApproximate);
        copy.Double(figures.Volatility);
        copy.Double(figures.ZScore);
        copy.Integer(figures.RunningCount);
        copy.Numeric(figures.RunningSum);
        copy.Numeric(figures.RunningSumOfSquares);
    }

    /// <summary>The row in its month of <c>company_months</c>, as write_months.sql sums them: the value at the stored close's 6
    /// decimals, the earliest of equal values, the bin of a ranked change.</summary>
    private void AddToMonth(Pending row, long? shares, RowFigures figures)
    {
        var close = Math.Round(row.Close, 6, MidpointRounding.AwayFromZero);
        var day = new Day(row.Date, shares is { } s ? close * s : close);
        var first = new DateOnly(row.Date.Year, row.Date.Month, 1);
        if (_months.Count == 0 || _months[^1].CompanyId != _companyId || _months[^1].Start != first)
            _months.Add(new Month(_companyId, first, day));
        var month = _months[^1];
        month.Days++;
        month.Last = row.Date;
        if (day.Value < month.Low.Value)
            month.Low = day;
        if (day.Value > month.High.Value)
            month.High = day;
        if (figures.Ranked && figures.Change is { } change)
            month.Bins.Add((short)CompanyHistory.BinIndex(change * 100));
    }

    private static void Total(ref DayTotals? totals, RowFigures figures, PgNumeric marketCapChange)
    {
        var day = totals ??= new DayTotals();
        day.MarketCapChange += marketCapChange.Unscaled;
        day.MarketCapBefore += figures.MarketCapBefore!.Value.Unscaled;
        day.Companies++;
        if (figures.Change < 0)
            day.Decliners++;
        else if (figures.Change > 0)
            day.Advancers++;
        day.Approximate |= figures.MarketCapApproximate;
    }

    /// <summary>Completes the load: the companies it created, the indexes, the statistics and the market days.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        await _copy!.CompleteAsync(ct);
        _copy = null;
        await CopyMonthsAsync(ct);
        if (_created.Count > 0)
        {
            await Sql.ExecuteAsync(_connection, CreateCompanies, ct, _created.Select(c => c.Id).ToArray(), _created.Select(c => c.Ticker).ToArray());
            await Sql.ExecuteAsync(_connection, LastNewId, ct);
        }
        await ShockAnalytics.CreateIndexesAsync(_connection, _indexes, ct);
        await ShockAnalytics.AnalyzeAsync(_connection, Rows, ct);
        await Sql.ExecuteAsync(_connection, ShockAnalytics.LockMarketDays, ct);
        await Sql.ExecuteAsync(_connection, "DELETE FROM market_days", ct); // none without prices; the sums replace any
        await using (var days = await CopyWriter.BeginAsync(_connection, CopyMarketDays, ct))
        {
            foreach (var (date, totals) in _days.OrderBy(d => d.Key))
            {
                for (var sector = 0; sector < _sectors.Count; sector++)
                {
                    if (totals[sector] is { } day)
                        WriteDay(days, date, _sectors[sector], day);
                }
            }
            await days.CompleteAsync(ct);
        }
        await Sql.ExecuteAsync(_connection, $"RELEASE SAVEPOINT {Savepoint}", ct);
    }

    private static void WriteDay(CopyWriter days, DateOnly date, string sector, DayTotals day)
    {
        days.StartRow(8);
        days.Date(date);
        days.Text(sector);
        days.Numeric(new PgNumeric(day.MarketCapChange, 6));
        days.Numeric(new PgNumeric(day.MarketCapBefore, 6));
        days.Integer(day.Companies);
        days.Integer(day.Decliners);
        days.Integer(day.Advancers);
        days.Boolean(day.Approximate);
    }

    /// <summary>Takes back everything the load wrote, and its locks: the file is to be imported through the staging table,
    /// or was rejected.</summary>
    public async Task AbandonAsync(CancellationToken ct)
    {
        await DisposeAsync();
        await Sql.ExecuteAsync(_connection, $"ROLLBACK TO SAVEPOINT {Savepoint}; RELEASE SAVEPOINT {Savepoint}", ct);
    }

    /// <summary>Cancels the COPY if it is still open (a failure while reading), so that the transaction can be rolled back.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_copy is not null)
            await _copy.DisposeAsync(); // without completing it: the COPY is cancelled
        _copy = null;
    }

    /// <summary>A price row read, as checked (the prices as the file gives them; the stored ones are rounded to 6 decimals).</summary>
    private readonly record struct Pending(DateOnly Date, decimal? Open, decimal? High, decimal? Low, decimal Close, decimal? AdjustedClose, long? Volume)
    {
        /// <summary>The prices after a raw split's division, as the staging table would hold them: quotients at PostgreSQL's
        /// scale, divided again by an earlier split's ratio before they are rounded.</summary>
        private (PgNumeric? Open, PgNumeric? High, PgNumeric? Low, PgNumeric Close)? Divided { get; init; }

        public Pending DividedBy(PgNumeric ratio)
        {
            var (open, high, low, close) = Divided ?? (Exact(Open), Exact(High), Exact(Low), PgNumeric.FromDecimal(Close));
            return this with
            {
                Divided = (open / ratio, high / ratio, low / ratio, close / ratio),
                Volume = Volume is { } volume ? (PgNumeric.FromInteger(volume) * ratio).Round(0).ToInt64() : null,
            };
        }

        /// <summary>The divided prices at the stored precision.</summary>
        public Pending Rounded() => Divided is { } d
            ? this with { Open = d.Open?.Round(6).ToDecimal(), High = d.High?.Round(6).ToDecimal(), Low = d.Low?.Round(6).ToDecimal(), Close = d.Close.Round(6).ToDecimal(), Divided = null }
            : this;

        private static PgNumeric? Exact(decimal? value) => value is { } v ? PgNumeric.FromDecimal(v) : null;
    }

    private readonly record struct Day(DateOnly Date, decimal Value);

    /// <summary>A month of <c>company_months</c> being summed (<see cref="CompanyMonth"/>).</summary>
    private sealed class Month(int companyId, DateOnly start, Day first)
    {
        public int CompanyId { get; } = companyId;
        public DateOnly Start { get; } = start;
        public DateOnly FirstDate { get; } = first.Date;
        public int Days { get; set; }
        public DateOnly Last { get; set; }
        public Day Low { get; set; } = first;
        public Day High { get; set; } = first;
        public List<short> Bins { get; } = [];
    }

    /// <summary>A market day's sums (sector "" for the whole market), the money at numeric(28,6)'s scale.</summary>
    private sealed class DayTotals
    {
        public BigInteger MarketCapChange;
        public BigInteger MarketCapBefore;
        public int Companies;
        public int Decliners;
        public int Advancers;
        public bool Approximate;
    }
}
