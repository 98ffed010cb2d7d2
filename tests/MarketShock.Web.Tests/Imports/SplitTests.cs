using MarketShock.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Imports;

/// <summary>
/// "A split is never a crash" (DESIGN.md, Definitions): stored closes are on today's split basis; whether a file is
/// raw or adjusted is read from the data, split by split; recording a split re-adjusts stored raw prices; a jump that
/// looks like an unrecorded split is reported. Small hand-made series around NVDA's 10-for-1 split of 2024-06-10
/// (last raw close 1,208.88 on 2024-06-07, first split-adjusted close 121.79 on 2024-06-10).
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class SplitTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private static readonly DateOnly BeforeSplit = new(2024, 6, 7);
    private static readonly DateOnly SplitDay = new(2024, 6, 10);

    // NVDA as traded: 1,208.88 on Friday 2024-06-07, then 121.79 on the first day after the 10-for-1 split.
    private const string RawAcrossSplit = $"""
        {ImportHelpers.Header}
        2024-06-05,1183.7,1224.5,1174.7,1224.4,,52840200
        2024-06-06,1240.5,1255.9,1183.2,1209.98,,66469600
        2024-06-07,1197.7,1216.9,1180.2,1208.88,,41238600
        2024-06-10,120.37,123.1,117.01,121.79,,313434100
        2024-06-11,121.77,122.87,118.74,120.91,,222551200
        """;

    // The same days as a split-adjusted download gives them: no jump on the split day.
    private const string AdjustedAcrossSplit = $"""
        {ImportHelpers.Header}
        2024-06-05,118.37,122.45,117.47,122.44,,528402000
        2024-06-06,124.05,125.59,118.32,121,,664696000
        2024-06-07,119.77,121.69,118.02,120.89,,412386000
        2024-06-10,120.37,123.1,117.01,121.79,,313434100
        2024-06-11,121.77,122.87,118.74,120.91,,222551200
        """;

    private const string NvdaSplit = "Ticker,Date,Ratio\nNVDA,2024-06-10,10-for-1\n";

    private readonly Files _files = new();

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_raw_file_across_a_recorded_split_has_its_earlier_rows_divided_by_the_ratio()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("splits.csv", NvdaSplit)));

        var log = await app.ImportAsync(_files.Write("NVDA.csv", RawAcrossSplit));

        ImportHelpers.AssertImported(log);
        Assert.Equal(5, log.RowsInserted);
        // 1,208.88 / 10 = 120.888; open 1,197.7 / 10 = 119.77; volume 41,238,600 × 10 = 412,386,000.
        Assert.Equal("119.770000 121.690000 118.020000 120.888000 412386000", await app.PriceRowAsync("NVDA", BeforeSplit));
        Assert.Equal(122.44m, await app.CloseAsync("NVDA", new DateOnly(2024, 6, 5))); // 1,224.4 / 10
        // The split day and after are already on today's basis: unchanged.
        Assert.Equal("120.370000 123.100000 117.010000 121.790000 313434100", await app.PriceRowAsync("NVDA", SplitDay));
        var warning = Assert.Single(log.Warnings);
        Assert.Contains("NVDA", warning, StringComparison.Ordinal);
        Assert.Contains("2024-06-10", warning, StringComparison.Ordinal);
        Assert.Contains("10-for-1", warning, StringComparison.Ordinal);
        Assert.Contains("divided by 10", warning, StringComparison.Ordinal);
        // Stored, the split day is a small move (121.79 / 120.888 − 1 = +0.75%), not a −90% crash.
        Assert.Equal(0.0075m, Math.Round((await app.CloseAsync("NVDA", SplitDay))!.Value / (await app.CloseAsync("NVDA", BeforeSplit))!.Value - 1, 4));
    }

    [Fact]
    public async Task An_adjusted_file_across_a_recorded_split_is_left_as_it_is()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("splits.csv", NvdaSplit)));

        var log = await app.ImportAsync(_files.Write("NVDA.csv", AdjustedAcrossSplit));

        ImportHelpers.AssertImported(log);
        Assert.Empty(log.Warnings);
        // 120.89 → 121.79 (+0.74%): no jump, so nothing is divided.
        Assert.Equal("119.770000 121.690000 118.020000 120.890000 412386000", await app.PriceRowAsync("NVDA", BeforeSplit));
        Assert.Equal(122.44m, await app.CloseAsync("NVDA", new DateOnly(2024, 6, 5)));
        Assert.Equal(121.79m, await app.CloseAsync("NVDA", SplitDay));
    }

    [Fact]
    public async Task Recording_a_split_after_raw_prices_were_stored_readjusts_them_once()
    {
        var prices = await app.ImportAsync(_files.Write("NVDA.csv", RawAcrossSplit));
        ImportHelpers.AssertImported(prices);
        Assert.Equal(1208.88m, await app.CloseAsync("NVDA", BeforeSplit));
        // Without the split recorded, the −89.9% day (1,208.88 → 121.79, a ratio of 9.93) is reported as a suspected 10-for-1 split.
        Assert.Contains(prices.Warnings, w => w.Contains("suspected unrecorded 10-for-1 split", StringComparison.Ordinal));
        var splits = _files.Write("splits.csv", NvdaSplit);

        var log = await app.ImportAsync(splits);

        ImportHelpers.AssertImported(log);
        Assert.Equal(1, log.RowsInserted);
        // 1,208.88 / 10 = 120.888 and 41,238,600 × 10 = 412,386,000; 1,224.4 / 10 = 122.44; the split day stays 121.79.
        Assert.Equal("119.770000 121.690000 118.020000 120.888000 412386000", await app.PriceRowAsync("NVDA", BeforeSplit));
        Assert.Equal(122.44m, await app.CloseAsync("NVDA", new DateOnly(2024, 6, 5)));
        Assert.Equal("120.370000 123.100000 117.010000 121.790000 313434100", await app.PriceRowAsync("NVDA", SplitDay));
        var warning = Assert.Single(log.Warnings);
        Assert.Contains("2024-06-10", warning, StringComparison.Ordinal);
        Assert.Contains("divided by 10", warning, StringComparison.Ordinal);
        var before = await app.FingerprintAsync();

        var again = await app.ImportAsync(splits);

        ImportHelpers.AssertImported(again);
        Assert.Equal((0, 0, 1), (again.RowsInserted, again.RowsUpdated, again.RowsUnchanged));
        Assert.Empty(again.Warnings);
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(120.888m, await app.CloseAsync("NVDA", BeforeSplit));
    }

    [Fact]
    public async Task A_jump_of_a_common_split_ratio_without_a_recorded_split_is_reported_naming_both_days()
    {
        // SMCI-like series: 100.00 on Friday 2024-09-27, 50.40 on Monday 2024-09-30: 100 / 50.4 = 1.984, within 2% of 2.
        var path = _files.Write("SMCI.csv", $"""
            {ImportHelpers.Header}
            2024-09-25,98.5,101.2,97.9,99.1,,41200000
            2024-09-26,99.4,101.8,98.7,101.3,,39800000
            2024-09-27,101,101.9,99.2,100,,35100000
            2024-09-30,50.1,51.2,49.8,50.4,,72300000
            2024-10-01,50.5,51.3,49.9,51.1,,64100000
            """);

        var log = await app.ImportAsync(path);

        ImportHelpers.AssertImported(log);
        var warning = Assert.Single(log.Warnings);
        Assert.Matches("suspected unrecorded .*2-for-1 split", warning);
        Assert.Contains("2024-09-27", warning, StringComparison.Ordinal);
        Assert.Contains("2024-09-30", warning, StringComparison.Ordinal);
        // Reported, not changed: the user decides by importing the split.
        Assert.Equal(100m, await app.CloseAsync("SMCI", new DateOnly(2024, 9, 27)));
        Assert.Equal(50.4m, await app.CloseAsync("SMCI", new DateOnly(2024, 9, 30)));
    }

    [Fact]
    public async Task A_jump_between_the_stored_days_and_a_daily_update_is_reported_naming_both_days()
    {
        // The jump of the test above, with the days before it already stored: the new days are inserted with their figures
        // after the check, so it reads the last stored day and the file's first row.
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("SMCI.csv", $"""
            {ImportHelpers.Header}
            2024-09-25,98.5,101.2,97.9,99.1,,41200000
            2024-09-26,99.4,101.8,98.7,101.3,,39800000
            2024-09-27,101,101.9,99.2,100,,35100000
            """)));

        var log = await app.ImportAsync(_files.Write("SMCI.csv", $"""
            {ImportHelpers.Header}
            2024-09-30,50.1,51.2,49.8,50.4,,72300000
            2024-10-01,50.5,51.3,49.9,51.1,,64100000
            """));

        ImportHelpers.AssertImported(log);
        Assert.Equal(2, log.RowsInserted);
        var warning = Assert.Single(log.Warnings);
        Assert.Matches("suspected unrecorded .*2-for-1 split", warning);
        Assert.Contains("2024-09-27", warning, StringComparison.Ordinal);
        Assert.Contains("2024-09-30", warning, StringComparison.Ordinal);
        Assert.Equal(50.4m, await app.CloseAsync("SMCI", new DateOnly(2024, 9, 30)));
    }

    [Fact]
    public async Task A_jump_between_earlier_days_imported_and_the_stored_ones_is_reported_naming_both_days()
    {
        // The same jump the other way round: the later days are stored, and the file fills in the days before them.
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("SMCI.csv", $"""
            {ImportHelpers.Header}
            2024-09-30,50.1,51.2,49.8,50.4,,72300000
            2024-10-01,50.5,51.3,49.9,51.1,,64100000
            """)));

        var log = await app.ImportAsync(_files.Write("SMCI.csv", $"""
            {ImportHelpers.Header}
            2024-09-25,98.5,101.2,97.9,99.1,,41200000
            2024-09-26,99.4,101.8,98.7,101.3,,39800000
            2024-09-27,101,101.9,99.2,100,,35100000
            """));

        ImportHelpers.AssertImported(log);
        Assert.Equal(3, log.RowsInserted);
        var warning = Assert.Single(log.Warnings);
        Assert.Matches("suspected unrecorded .*2-for-1 split", warning);
        Assert.Contains("from 100 on 2024-09-27 to 50.4 on 2024-09-30", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_30_percent_fall_is_not_reported_as_a_split()
    {
        // 100.00 → 70.00 is −30% (a ratio of 1.43, not within 2% of 1.5 or any common ratio): a crash, not a split.
        var path = _files.Write("SMCI.csv", $"""
            {ImportHelpers.Header}
            2024-09-26,99.4,101.8,98.7,101.3,,39800000
            2024-09-27,101,101.9,99.2,100,,35100000
            2024-09-30,71.5,72.4,69.1,70,,98300000
            2024-10-01,70.4,71.9,69.6,71.1,,64100000
            """);

        var log = await app.ImportAsync(path);

        ImportHelpers.AssertImported(log);
        Assert.DoesNotContain(log.Warnings, w => w.Contains("split", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(70m, await app.CloseAsync("SMCI", new DateOnly(2024, 9, 30)));
    }

    [Fact]
    public async Task A_file_on_the_basis_before_a_later_split_is_divided_by_that_split_where_it_overlaps_stored_rows()
    {
        // Stored: split-adjusted NVDA for 2024-03-04..08, and the 10-for-1 split of 2024-06-10.
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("NVDA.csv", $"""
            {ImportHelpers.Header}
            2024-03-04,84.13,87.69,83.72,85.24,,615616000
            2024-03-05,85.27,86.1,83.42,85.96,,520639000
            2024-03-06,88.02,89.72,87.03,88.7,,582520000
            2024-03-07,90.16,92.77,89.6,92.67,,608119000
            2024-03-08,95.14,97.4,86.51,87.53,,1142269000
            """)));
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("splits.csv", NvdaSplit)));
        // A download made in March 2024: 10 times the stored closes (852.37 / 85.24 = 10.0, 926.69 / 92.67 = 10.0),
        // with one earlier day that is not stored yet.
        var old = _files.Write("old/NVDA.csv", $"""
            {ImportHelpers.Header}
            2024-03-01,800,823.75,792.2,822.79,,47677300
            2024-03-04,841.3,876.95,837.19,852.37,,61561600
            2024-03-05,852.7,860.97,834.17,859.64,,52063900
            2024-03-06,880.22,897.24,870.3,887,,58252000
            2024-03-07,901.58,927.67,896.02,926.69,,60811900
            2024-03-08,951.38,974,865.06,875.28,,113299600
            """);

        var log = await app.ImportAsync(old);

        ImportHelpers.AssertImported(log);
        var warning = Assert.Single(log.Warnings);
        Assert.Contains("basis before", warning, StringComparison.Ordinal);
        Assert.Contains("divided by 10", warning, StringComparison.Ordinal);
        // 926.69 / 10 = 92.669 (not 926.69); 60,811,900 × 10 = 608,119,000; 822.79 / 10 = 82.279.
        Assert.Equal("90.158000 92.767000 89.602000 92.669000 608119000", await app.PriceRowAsync("NVDA", new DateOnly(2024, 3, 7)));
        Assert.Equal(82.279m, await app.CloseAsync("NVDA", new DateOnly(2024, 3, 1)));
        Assert.Equal(476773000L, await app.VolumeAsync("NVDA", new DateOnly(2024, 3, 1)));
        Assert.Equal(6, await app.PriceRowsAsync("NVDA"));
    }

    [Fact]
    public async Task The_adjusted_close_of_a_file_on_an_older_basis_is_divided_like_its_close()
    {
        // A Yahoo download of March 2024 has Adj Close on the same (pre-split) basis as Close: 926.69 on 2024-03-07.
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("NVDA.csv", $"""
            {ImportHelpers.Header}
            2024-03-06,88.02,89.72,87.03,88.7,88.7,582520000
            2024-03-07,90.16,92.77,89.6,92.67,92.67,608119000
            2024-03-08,95.14,97.4,86.51,87.53,87.53,1142269000
            """)));
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("splits.csv", NvdaSplit)));
        var old = _files.Write("old/NVDA.csv", $"""
            {ImportHelpers.Header}
            2024-03-06,880.219971,897.23999,870.29998,887,887,58252000
            2024-03-07,901.580017,927.669983,896.02002,926.690002,926.690002,60811900
            2024-03-08,951.380005,974,865.059998,875.280029,875.280029,113299600
            """);

        var log = await app.ImportAsync(old);

        ImportHelpers.AssertImported(log);
        Assert.Single(log.Warnings);
        // Close 926.690002 / 10 = 92.669; Adj Close 926.690002 / 10 = 92.669 too, not 926.69 next to a close of 92.67.
        Assert.Equal("92.669000 92.669000", await app.ScalarAsync<string>(
            "SELECT concat_ws(' ', close, adjusted_close) FROM daily_prices WHERE date = '2024-03-07'"));
    }

    [Fact]
    public async Task A_reverse_split_inside_a_raw_file_multiplies_the_earlier_rows()
    {
        // Citigroup's 1-for-10 reverse split of 2011-05-09: 4.52 on Friday, 45.20 on Monday.
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("splits.csv", "Ticker,Date,Ratio\nC,2011-05-09,1:10\n")));
        var path = _files.Write("C.csv", $"""
            {ImportHelpers.Header}
            2011-05-05,4.44,4.5,4.37,4.41,,412117400
            2011-05-06,4.47,4.56,4.44,4.52,,384215100
            2011-05-09,45.09,45.65,44.81,45.2,,39126500
            2011-05-10,45.41,46.2,45.1,46.03,,34511200
            """);

        var log = await app.ImportAsync(path);

        ImportHelpers.AssertImported(log);
        var warning = Assert.Single(log.Warnings);
        Assert.Contains("1-for-10", warning, StringComparison.Ordinal);
        // 4.52 × 10 = 45.2 and 384,215,100 / 10 = 38,421,510; 4.41 × 10 = 44.1.
        Assert.Equal("44.700000 45.600000 44.400000 45.200000 38421510", await app.PriceRowAsync("C", new DateOnly(2011, 5, 6)));
        Assert.Equal(44.1m, await app.CloseAsync("C", new DateOnly(2011, 5, 5)));
        Assert.Equal("45.090000 45.650000 44.810000 45.200000 39126500", await app.PriceRowAsync("C", new DateOnly(2011, 5, 9)));
    }

    [Fact]
    public async Task A_raw_file_that_ends_just_before_a_recorded_split_is_adjusted_against_the_stored_rows_after_it()
    {
        // Stored: split-adjusted NVDA from the split day on, and the split. The new file is raw and ends the trading day
        // before the split, so the jump shows between its last close (1,208.88) and the first stored one (121.79):
        // "a jump matching the ratio on the split date means raw (adjust the earlier rows)".
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("splits.csv", NvdaSplit)));
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("NVDA.csv", $"""
            {ImportHelpers.Header}
            2024-06-10,120.37,123.1,117.01,121.79,,313434100
            2024-06-11,121.77,122.87,118.74,120.91,,222551200
            """)));
        var raw = _files.Write("raw/NVDA.csv", $"""
            {ImportHelpers.Header}
            2024-06-05,1183.7,1224.5,1174.7,1224.4,,52840200
            2024-06-06,1240.5,1255.9,1183.2,1209.98,,66469600
            2024-06-07,1197.7,1216.9,1180.2,1208.88,,41238600
            """);

        var log = await app.ImportAsync(raw);

        ImportHelpers.AssertImported(log);
        // 1,208.88 / 10 = 120.888: no fake −90% crash at the seam.
        Assert.Equal(120.888m, await app.CloseAsync("NVDA", BeforeSplit));
        Assert.Contains(log.Warnings, w => w.Contains("divided by 10", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Share_counts_as_reported_across_a_recorded_split_are_restated_to_todays_basis()
    {
        // "Share counts follow the same rule": NVDA reported 2.46 billion shares before the 10-for-1 split and 24.53 billion
        // after it. The count before the split, on today's basis, is 24.6 billion.
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("splits.csv", NvdaSplit)));
        var path = _files.Write("shares.csv", """
            Ticker,Date,Shares
            NVDA,2024-02-16,2464000000
            NVDA,2024-05-17,2460000000
            NVDA,2024-08-23,24530000000
            """);

        var log = await app.ImportAsync(path);

        ImportHelpers.AssertImported(log);
        Assert.Equal("2024-02-16 24640000000|2024-05-17 24600000000|2024-08-23 24530000000", await SharesAsync());
    }

    [Fact]
    public async Task Recording_a_split_after_as_reported_share_counts_were_stored_restates_them()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("shares.csv", """
            Ticker,Date,Shares
            NVDA,2024-05-17,2460000000
            NVDA,2024-08-23,24530000000
            """)));

        var log = await app.ImportAsync(_files.Write("splits.csv", NvdaSplit));

        ImportHelpers.AssertImported(log);
        // 2,460,000,000 × 10 = 24,600,000,000; the count after the split is unchanged.
        Assert.Equal("2024-05-17 24600000000|2024-08-23 24530000000", await SharesAsync());
    }

    private Task<string> SharesAsync() => app.ScalarAsync<string>(
        "SELECT string_agg(concat_ws(' ', s.date, s.shares), '|' ORDER BY s.date) FROM shares_outstanding s JOIN companies c ON c.id = s.company_id WHERE c.ticker = 'NVDA'");
}
