using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MarketShock.Pages.Days;
using MarketShock.Tests.Api;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Pages.Days;

/// <summary>
/// A day of a large market lists the largest losses and gains, says how many it leaves out and links to every company,
/// so that a market of thousands of tickers does not put thousands of rows into the market day and every permalink.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed partial class MarketDayListingTests(AppFixture app) : ApiTestBase(app, importThreeCompanies: false)
{
    private const int Companies = 130;

    // T000 … T129, 1,000 shares each: 100 on 2024-01-02, then 100 + (i − 65) × 0.25 on 2024-01-03, so T000 lost the most
    // (ΔM −16,250) and T129 gained the most (+16,000); T065 did not move.
    // withoutShares: the companies from T090 on have no share count, so no market cap.
    private async Task ImportMarketAsync(bool withoutShares = false)
    {
        var shares = new StringBuilder("Ticker,Date,Shares\n");
        var prices = new StringBuilder("Ticker,Date,Close\n");
        for (var i = 0; i < Companies; i++)
        {
            var ticker = Ticker(i);
            if (!withoutShares || i < 90)
                shares.Append(CultureInfo.InvariantCulture, $"{ticker},2024-01-02,1000\n");
            prices.Append(CultureInfo.InvariantCulture, $"{ticker},2024-01-02,100\n{ticker},2024-01-03,{100 + (i - 65) * 0.25m}\n");
        }
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("shares.csv", shares.ToString())));
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("prices.csv", prices.ToString())));
    }

    private static string Ticker(int i) => $"T{i:000}";

    private async Task<string> PageAsync(string path) => WebUtility.HtmlDecode(await Client.GetStringAsync(path));

    [Fact]
    public async Task The_day_lists_the_largest_losses_and_gains_and_says_how_many_it_leaves_out()
    {
        await ImportMarketAsync();

        var html = await PageAsync("/days/2024-01-03");

        Assert.Contains($"The {MarketDayModel.ListedEachWay} largest losses and gains", html, StringComparison.Ordinal);
        Assert.Contains("30 of the day's 130 companies moved less or have no market cap and are not listed", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/days/2024-01-03?all=true\"", html, StringComparison.Ordinal);
        var rows = CompanyRows(Table(html, "day-companies"));
        Assert.Equal(2 * MarketDayModel.ListedEachWay, rows.Count);
        Assert.Equal([.. Enumerable.Range(0, 50).Select(Ticker), .. Enumerable.Range(80, 50).Select(Ticker)], rows);
        Assert.Contains("… 30 companies with smaller moves", html, StringComparison.Ordinal);
        // The chart draws the same 100 moves.
        Assert.Equal(100, Regex.Count(ChartData().Match(html).Groups[1].Value, "\"ticker\":"));
    }

    [Fact]
    public async Task Asked_for_all_the_day_lists_every_company()
    {
        await ImportMarketAsync();

        var html = await PageAsync("/days/2024-01-03?all=true");

        Assert.Contains("Every company", html, StringComparison.Ordinal);
        Assert.DoesNotContain("are not listed", html, StringComparison.Ordinal);
        Assert.Equal([.. Enumerable.Range(0, Companies).Select(Ticker)], CompanyRows(Table(html, "day-companies")));
    }

    [Fact]
    public async Task A_permalink_lists_ten_of_the_other_companies_each_way_and_links_to_every_company()
    {
        await ImportMarketAsync();

        var html = await PageAsync("/companies/T000/2024-01-03");

        var rows = CompanyRows(Table(html, "other-companies"));
        Assert.Equal([.. Enumerable.Range(1, 10).Select(Ticker), .. Enumerable.Range(120, 10).Select(Ticker)], rows);
        Assert.Contains("… 109 companies with smaller moves: <a href=\"/days/2024-01-03?all=true\">every company</a>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/days/2024-01-03?all=true\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Companies_without_a_market_cap_are_the_ones_left_out_when_there_are_few_gains_with_one()
    {
        await ImportMarketAsync(withoutShares: true);

        var html = await PageAsync("/days/2024-01-03");

        // 90 with a market cap: the 50 largest losses, then the other 40, which are gains or flat; T090 … T129 (no market cap,
        // listed last by % change) are the ones left out.
        Assert.Equal([.. Enumerable.Range(0, 90).Select(Ticker)], CompanyRows(Table(html, "day-companies")));
        Assert.Contains("40 of the day's 130 companies moved less or have no market cap and are not listed", html, StringComparison.Ordinal);
        Assert.DoesNotContain("companies with smaller moves", html, StringComparison.Ordinal);
    }

    private static string Table(string html, string id)
    {
        var match = Regex.Match(html, $"""<table[^>]*id="{id}".*?</table>""", RegexOptions.Singleline);
        Assert.True(match.Success, $"no table #{id}");
        return match.Value;
    }

    private static List<string> CompanyRows(string table) =>
        [.. RowTicker().Matches(table).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("""<th scope="row"><a href="/companies/(T[0-9]{3})/""")]
    private static partial Regex RowTicker();

    [GeneratedRegex("""<script type="application/json" id="day-data">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex ChartData();
}
