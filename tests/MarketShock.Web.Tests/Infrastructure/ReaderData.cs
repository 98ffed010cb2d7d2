using System.Globalization;
using System.Text;
using MarketShock.Tests.Imports;

namespace MarketShock.Tests.Infrastructure;

/// <summary>
/// The market the reader-page tests browse: the real data of shared/data when MARKETSHOCK_SAMPLE_DATA names it,
/// otherwise a small generated market of three companies and a benchmark. Imported once and kept while no other
/// test empties the database (<see cref="AppFixture.Generation"/>), so a page test class pays for it once.
/// </summary>
public static class ReaderData
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static int? _importedAt;

    /// <summary>What a test can count on finding in the data, whichever market is loaded.</summary>
    /// <param name="Ticker">A company with share counts and at least one shock.</param>
    /// <param name="ShockDate">That company's worst day by ΔM, a shock.</param>
    /// <param name="OtherTicker">Another company with a shock, for compare.</param>
    /// <param name="OtherShockDate">Its worst day.</param>
    /// <param name="Labels">The event labels of <paramref name="Ticker"/>'s days, newest first; the one of its shock day among them.</param>
    public sealed record Market(bool IsSample, string Ticker, DateOnly ShockDate, string OtherTicker, DateOnly OtherShockDate, string Benchmark,
        IReadOnlyList<(DateOnly Date, string Text)> Labels)
    {
        /// <summary>What happened on <see cref="ShockDate"/>, in its event label.</summary>
        public string ShockLabel => Labels.Single(l => l.Date == ShockDate).Text;

        public string Permalink => $"/companies/{Ticker}/{ShockDate:yyyy-MM-dd}";
        public string MarketDay => $"/days/{ShockDate:yyyy-MM-dd}";
        public string Compare => $"/compare?events={Ticker}:{ShockDate:yyyy-MM-dd},{OtherTicker}:{OtherShockDate:yyyy-MM-dd}";
    }

    /// <summary>Nvidia's DeepSeek day, compared with its fall of 3 September 2024; Nvidia's labels are those of events.csv.</summary>
    public static readonly Market Sample = new(true, "NVDA", new DateOnly(2025, 1, 27), "NVDA", new DateOnly(2024, 9, 3), "QQQ",
    [
        (new DateOnly(2025, 4, 3), "'Liberation Day' reciprocal tariffs"),
        (new DateOnly(2025, 3, 3), "Tariffs on Canada and Mexico confirmed"),
        (new DateOnly(2025, 1, 27), "DeepSeek's R1 model: AI-chip selloff"),
        (new DateOnly(2024, 9, 3), "Doubts on AI spending after earnings; weak manufacturing data"),
        (new DateOnly(2024, 4, 19), "Chip selloff led by Super Micro"),
    ]);

    public static readonly Market Generated = new(false, "ALFA", Generator.CrashDay, "BRVO", Generator.OtherCrashDay, "QQQ", Generator.Labels);

    public static Market Current => SampleData.Folder is null ? Generated : Sample;

    private static readonly string[] SampleFirst = ["companies.csv", "shares/shares.csv", "splits/splits.csv"];

    /// <summary>Imports the market unless it is still in the database from an earlier test.</summary>
    public static async Task<Market> EnsureAsync(AppFixture app)
    {
        await Gate.WaitAsync();
        try
        {
            if (_importedAt != app.Generation)
            {
                await app.ResetAsync();
                foreach (var path in SampleData.Folder is null ? Generator.Write() : SampleFiles())
                    ImportHelpers.AssertImported(await app.ImportAsync(path));
                _importedAt = app.Generation;
            }
            return Current;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static IEnumerable<string> SampleFiles() =>
        SampleFirst.Select(p => SampleData.Path(p))
            .Concat(Directory.GetFiles(SampleData.Path("prices"), "*.csv").Order(StringComparer.Ordinal))
            .Concat(File.Exists(SampleData.Path("events.csv")) ? [SampleData.Path("events.csv")] : []);

    /// <summary>
    /// Three companies and a benchmark over 400 weekdays from 2024-01-01: seeded random walks of about 2% a day,
    /// with ALFA falling 25% on <see cref="CrashDay"/> and BRVO 18% on <see cref="OtherCrashDay"/>; event labels on
    /// both crashes, on an ordinary day of ALFA and on the market's crash day.
    /// </summary>
    private static class Generator
    {
        public static readonly DateOnly CrashDay = Day(300), OtherCrashDay = Day(250);
        private const int Days = 400;

        public static readonly IReadOnlyList<(DateOnly Date, string Text)> Labels =
        [
            (CrashDay, "Alfa cuts its guidance: chip orders fall"),
            (Day(120), "Alfa's investor day"),
        ];

        public static IEnumerable<string> Write()
        {
            var folder = Directory.CreateTempSubdirectory("marketshock-reader-").FullName;
            string Write(string name, string content)
            {
                var path = Path.Combine(folder, name);
                File.WriteAllText(path, content);
                return path;
            }
            return
            [
                Write("companies.csv", """
                    Ticker,Name,Sector,Industry,Exchange
                    ALFA,Alfa Devices Inc.,Technology,Semiconductors,NASDAQ
                    BRVO,Bravo Software Corporation,Technology,Software,NASDAQ
                    CHRL,Charlie Retail Inc.,Consumer Cyclical,Internet Retail,NASDAQ
                    QQQ,Invesco QQQ Trust,ETF,Exchange Traded Fund,NASDAQ
                    """),
                Write("shares.csv", "Ticker,Date,Shares\nALFA,2024-01-01,2000000000\nBRVO,2024-06-03,900000000\nCHRL,2024-01-01,500000000\n"),
                Write("ALFA.csv", Series(1, 120m, (CrashDay, -0.25))),
                Write("BRVO.csv", Series(2, 300m, (OtherCrashDay, -0.18))),
                Write("CHRL.csv", Series(3, 80m)),
                Write("QQQ.csv", Series(4, 400m, (CrashDay, -0.03))),
                Write("events.csv", $"""
                    Ticker,Date,Label,Url
                    ALFA,{CrashDay:yyyy-MM-dd},"{Labels[0].Text}",https://example.com/alfa-guidance
                    ALFA,{Labels[1].Date:yyyy-MM-dd},"{Labels[1].Text}",
                    BRVO,{OtherCrashDay:yyyy-MM-dd},Bravo loses its largest customer,
                    ,{CrashDay:yyyy-MM-dd},Chip stocks fall with Alfa,
                    """),
            ];
        }

        private static DateOnly Day(int index) => DateOnly.ParseExact(PriceFiles.Weekdays(new DateOnly(2024, 1, 1), index + 1)[index], "yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string Series(int seed, decimal start, params (DateOnly Day, double Change)[] crashes)
        {
            var random = new Random(seed);
            var dates = PriceFiles.Weekdays(new DateOnly(2024, 1, 1), Days);
            var csv = new StringBuilder("Date,Open,High,Low,Close,Adj Close,Volume\n");
            var close = (double)start;
            foreach (var date in dates)
            {
                var day = DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var crash = crashes.FirstOrDefault(c => c.Day == day);
                close *= 1 + (crash.Change != 0 ? crash.Change : (random.NextDouble() - 0.49) * 0.04);
                var text = Math.Round(close, 2).ToString(CultureInfo.InvariantCulture);
                csv.Append(CultureInfo.InvariantCulture, $"{date},{text},{text},{text},{text},,1000000\n");
            }
            return csv.ToString();
        }
    }
}
