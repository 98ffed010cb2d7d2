using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Market;

/// <summary>Market days: ΣΔM over the companies with a market cap, decliners, advancers and ΣΔM / ΣM_{t−1}, for the market and per sector.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class MarketDayTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    //      sector      shares  close 01-02 → 01-03  M_{t−1}   ΔM
    // AAA  Technology  1,000   100 → 90             100,000   −10,000
    // BBB  Technology  2,000    50 → 55             100,000   +10,000
    // CCC  Energy     10,000    20 → 19             200,000   −10,000
    // DDD  Technology  none     10 → 6              —         — (−40%, but no market cap: not in the totals)
    private readonly Files _files = new();

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("companies.csv",
            "Ticker,Name,Sector,Industry,Exchange\nAAA,A Inc.,Technology,,\nBBB,B Inc.,Technology,,\nCCC,C Inc.,Energy,,\nDDD,D Inc.,Technology,,\n")));
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("shares.csv",
            "Ticker,Date,Shares\nAAA,2024-01-02,1000\nBBB,2024-01-02,2000\nCCC,2024-01-02,10000\n")));
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("long.csv", """
            Ticker,Date,Close
            AAA,2024-01-02,100
            AAA,2024-01-03,90
            BBB,2024-01-02,50
            BBB,2024-01-03,55
            CCC,2024-01-02,20
            CCC,2024-01-03,19
            DDD,2024-01-02,10
            DDD,2024-01-03,6
            """)));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    private Task<string> DayAsync(string sector) => app.ScalarAsync<string>(
        "SELECT concat_ws(' ', market_cap_change::numeric(20,0), market_cap_before::numeric(20,0), companies, decliners, advancers) FROM market_days WHERE date = '2024-01-03' AND sector = $1",
        sector);

    [Fact]
    public async Task The_market_day_sums_the_companies_with_a_market_cap()
    {
        // ΣΔM = −10,000 + 10,000 − 10,000 = −10,000; ΣM_{t−1} = 400,000 (−2.5%); 3 companies, 2 down, 1 up.
        Assert.Equal("-10000 400000 3 2 1", await DayAsync(""));
        // The first day has no moves, so no market day.
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM market_days WHERE date = '2024-01-02'"));
    }

    [Fact]
    public async Task Each_sector_has_its_own_totals()
    {
        Assert.Equal("0 200000 2 1 1", await DayAsync("Technology"));
        Assert.Equal("-10000 200000 1 1 0", await DayAsync("Energy"));
    }

    [Fact]
    public async Task A_company_moving_to_another_sector_moves_its_figures_with_it()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("companies.csv", "Ticker,Name,Sector,Industry,Exchange\nCCC,C Inc.,Technology,,\n")));

        Assert.Equal("-10000 400000 3 2 1", await DayAsync("Technology"));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM market_days WHERE sector = 'Energy'"));
        Assert.Equal("-10000 400000 3 2 1", await DayAsync(""));
    }

    [Fact]
    public async Task A_new_share_count_brings_a_company_into_the_totals()
    {
        // DDD: 100 shares → M_{t−1} = 1,000, ΔM = 100 × (6 − 10) = −400.
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("more-shares.csv", "Ticker,Date,Shares\nDDD,2024-01-02,100\n")));

        Assert.Equal("-10400 401000 4 3 1", await DayAsync(""));
        Assert.Equal("-400 201000 3 2 1", await DayAsync("Technology"));
    }
}
