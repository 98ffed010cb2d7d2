using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MarketShock.Pages.Shocks;
using MarketShock.Tests.Api;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Pages;

/// <summary>
/// What the leaderboard's form offers: the sectors of the companies with data, and their tickers while the market is small
/// enough for a list to help; a market of thousands lists none, rather than a page mostly made of options.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed partial class ShocksChoicesTests(AppFixture app) : ApiTestBase(app, importThreeCompanies: false)
{
    // N companies, C000 … in Energy or Utilities by parity, each with two days of prices; and one company in Materials
    // with no prices at all.
    private async Task ImportMarketAsync(int companies)
    {
        var metadata = new StringBuilder("Ticker,Name,Sector\nNODATA,No Data Inc.,Materials\n");
        var prices = new StringBuilder("Ticker,Date,Close\n");
        for (var i = 0; i < companies; i++)
        {
            metadata.Append(CultureInfo.InvariantCulture, $"C{i:0000},Company {i},{(i % 2 == 0 ? "Energy" : "Utilities")}\n");
            prices.Append(CultureInfo.InvariantCulture, $"C{i:0000},2024-01-02,100\nC{i:0000},2024-01-03,80\n");
        }
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("companies.csv", metadata.ToString())));
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("prices.csv", prices.ToString())));
    }

    private async Task<string> PageAsync() => WebUtility.HtmlDecode(await Client.GetStringAsync("/shocks"));

    private static List<string> Sectors(string html) =>
        [.. SectorOption().Matches(SectorSelect().Match(html).Value).Select(m => m.Groups[1].Value)];

    [Fact]
    public async Task A_small_market_lists_its_tickers_and_the_sectors_with_data()
    {
        await ImportMarketAsync(3);

        var html = await PageAsync();

        Assert.Equal(["C0000", "C0001", "C0002"], [.. TickerOption().Matches(html).Select(m => m.Groups[1].Value)]);
        Assert.Contains("list=\"tickers\"", html, StringComparison.Ordinal);
        Assert.Equal(["", "Energy", "Utilities"], Sectors(html)); // not Materials: its only company has no prices
    }

    [Fact]
    public async Task A_market_of_more_than_a_thousand_companies_lists_no_tickers_but_still_its_sectors()
    {
        await ImportMarketAsync(ShocksModel.ListedTickersAtMost + 1);

        var html = await PageAsync();

        Assert.DoesNotContain("<datalist", html, StringComparison.Ordinal);
        Assert.DoesNotContain("list=\"tickers\"", html, StringComparison.Ordinal);
        Assert.Equal(["", "Energy", "Utilities"], Sectors(html));
        // A ticker typed still finds its shocks.
        Assert.Contains("C1000", WebUtility.HtmlDecode(await Client.GetStringAsync("/shocks?ticker=C1000")), StringComparison.Ordinal);
    }

    [GeneratedRegex("""<option value="(C\d{4})">""")]
    private static partial Regex TickerOption();

    [GeneratedRegex("""<select id="sector"[\s\S]*?</select>""")]
    private static partial Regex SectorSelect();

    [GeneratedRegex("""<option value="([^"]*)"[^>]*>""")]
    private static partial Regex SectorOption();
}
