using System.Text.Json;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Api;

/// <summary>GET /api/shocks over the week of <see cref="ThreeCompanies"/>: filters, sort orders and paging of its eight down days.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class ShocksQueryApiTests(AppFixture app) : ApiTestBase(app)
{
    [Fact]
    public async Task A_filter_matching_more_than_10000_days_counts_to_10000_and_says_there_are_more()
    {
        // 20,004 weekdays alternating 100 and 99: 10,002 down days of 1%, more than the count goes to.
        var closes = Enumerable.Range(0, 20_004).Select(i => i % 2 == 0 ? 100m : 99m);
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("ZIG.csv", PriceFiles.Prices(PriceFiles.Weekdays(new DateOnly(1940, 1, 1), closes)))));

        var broad = await Client.GetJsonAsync("/api/shocks?ticker=ZIG&limit=1");
        var narrow = await Client.GetJsonAsync("/api/shocks?ticker=ZIG&to=1950-12-31&limit=1");

        Assert.Equal((10_000, true), (broad.GetProperty("total").GetInt32(), broad.GetProperty("totalAtLeast").GetBoolean()));
        Assert.Single(broad.GetProperty("items").EnumerateArray());
        Assert.False(narrow.GetProperty("totalAtLeast").GetBoolean());
        Assert.InRange(narrow.GetProperty("total").GetInt32(), 1_000, 1_500);
        var page = System.Net.WebUtility.HtmlDecode(await Client.GetStringAsync("/shocks?ticker=ZIG&shocksOnly=false"));
        Assert.Contains("10,000+ down days", page, StringComparison.Ordinal);
        Assert.Contains("The count stops at 10,000", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_matching_few_days_says_the_exact_count()
    {
        var page = await Client.GetJsonAsync("/api/shocks");

        Assert.Equal((8, false), (page.GetProperty("total").GetInt32(), page.GetProperty("totalAtLeast").GetBoolean()));
    }

    [Theory]
    [InlineData("ticker=aaa", new[] { "AAA 2025-01-07", "AAA 2025-01-10", "AAA 2025-01-09" })]
    [InlineData("sector=technology", new[] { "AAA 2025-01-07", "AAA 2025-01-10", "AAA 2025-01-09" })]
    [InlineData("sector=CONSUMER%20CYCLICAL", new[] { "BBB 2025-01-09", "BBB 2025-01-07", "BBB 2025-01-10" })]
    [InlineData("sector=Tech%25", new string[0])] // a % in the sector is a character, not a wildcard
    [InlineData("from=2025-01-07&to=2025-01-07", new[] { "AAA 2025-01-07", "BBB 2025-01-07", "CCC 2025-01-07" })]
    [InlineData("from=2025-01-10", new[] { "AAA 2025-01-10", "BBB 2025-01-10", "CCC 2025-01-10" })]
    [InlineData("to=2025-01-07", new[] { "AAA 2025-01-07", "BBB 2025-01-07", "CCC 2025-01-07" })]
    // At least $4,950 lost: −12,000, −10,000 and −4,950 (inclusive); CCC has no dollar figure and is left out.
    [InlineData("minLossUsd=4950", new[] { "BBB 2025-01-09", "AAA 2025-01-07", "AAA 2025-01-10" })]
    [InlineData("minLossUsd=4950.01", new[] { "BBB 2025-01-09", "AAA 2025-01-07" })]
    [InlineData("minLossUsd=4.95001e3", new[] { "BBB 2025-01-09", "AAA 2025-01-07" })]
    [InlineData("sector=technology&from=2025-01-08&minLossUsd=1000", new[] { "AAA 2025-01-10", "AAA 2025-01-09" })]
    public async Task Filters_keep_only_the_matching_down_days(string query, string[] expected)
    {
        var page = await Client.GetJsonAsync($"/api/shocks?{query}");

        Assert.Equal(expected, ApiData.ShockKeys(page.GetProperty("items")));
        Assert.Equal(expected.Length, page.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("loss")]
    [InlineData("LOSS")]
    [InlineData("")]
    public async Task Sorting_by_loss_puts_companies_without_share_counts_last(string sort)
    {
        var items = (await Client.GetJsonAsync($"/api/shocks?sort={sort}")).GetProperty("items");

        Assert.Equal(ThreeCompanies.ShocksByLoss, ApiData.ShockKeys(items));
    }

    [Fact]
    public async Task Sorting_by_change_orders_by_percentage_whatever_the_dollar_loss()
    {
        var items = (await Client.GetJsonAsync("/api/shocks?sort=change")).GetProperty("items");

        // −40, −20, −12, −10, −5, −4, −2, −1 (%).
        Assert.Equal(["CCC 2025-01-10", "CCC 2025-01-07", "BBB 2025-01-09", "AAA 2025-01-07", "AAA 2025-01-10", "BBB 2025-01-07",
            "BBB 2025-01-10", "AAA 2025-01-09"], ApiData.ShockKeys(items));
    }

    [Fact]
    public async Task Paging_moves_a_window_over_the_same_total()
    {
        var pages = new List<JsonElement>();
        foreach (var offset in new[] { 0, 3, 6, 8 })
            pages.Add(await Client.GetJsonAsync($"/api/shocks?limit=3&offset={offset}"));

        Assert.All(pages, p => Assert.Equal(8, p.GetProperty("total").GetInt32()));
        Assert.Equal(ThreeCompanies.ShocksByLoss[0..3], ApiData.ShockKeys(pages[0].GetProperty("items")));
        Assert.Equal(ThreeCompanies.ShocksByLoss[3..6], ApiData.ShockKeys(pages[1].GetProperty("items")));
        Assert.Equal(ThreeCompanies.ShocksByLoss[6..8], ApiData.ShockKeys(pages[2].GetProperty("items")));
        Assert.Empty(ApiData.ShockKeys(pages[3].GetProperty("items")));
    }
}
