using System.Web;
using MarketShock.Tests.Api;
using MarketShock.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MarketShock.Tests.Pages;

/// <summary>/shocks: the leaderboard's filters, sort and pages, all in the query string, listing what /api/shocks lists.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class ShocksPageTests(AppFixture app, Browser browser) : IClassFixture<Browser>, IAsyncLifetime, IDisposable
{
    private readonly HttpClient _client = app.CreateClient();
    private ReaderData.Market _market = null!;

    public async Task InitializeAsync() => _market = await ReaderData.EnsureAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _client.Dispose();

    [Theory]
    // The page's query string, and the API's for the same rows (the page lists shocks only unless told otherwise; p is offset / 50).
    [InlineData("", "shocksOnly=true")]
    [InlineData("shocksOnly=false", "shocksOnly=false")]
    [InlineData("shocksOnly=false&p=2", "shocksOnly=false&offset=50")]
    [InlineData("sort=change", "shocksOnly=true&sort=change")]
    [InlineData("sort=sigma&shocksOnly=false", "shocksOnly=false&sort=sigma")]
    [InlineData("sector=Technology", "shocksOnly=true&sector=Technology")]
    [InlineData("minLossUsd=1000000000&shocksOnly=false", "shocksOnly=false&minLossUsd=1000000000")]
    [InlineData("minSigma=3&shocksOnly=false&sort=sigma", "shocksOnly=false&minSigma=3&sort=sigma")]
    [InlineData("from=2024-06-01&to=2024-12-31&shocksOnly=false", "shocksOnly=false&from=2024-06-01&to=2024-12-31")]
    public async Task The_page_lists_the_same_rows_as_the_api_for_the_same_filters(string page, string api)
    {
        var expected = await _client.GetJsonAsync($"/api/shocks?{api}");
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        var response = await tab.Page.GotoAsync($"/shocks?{page}");

        Assert.Equal(200, response!.Status);
        Assert.Equal(ApiData.ShockKeys(expected.GetProperty("items")), await ReaderChecks.RowKeysAsync(tab.Page, "shocks"));
        // The page says the API's count, "10,000+" where the count stopped.
        var total = expected.GetProperty("total").GetInt32();
        var more = expected.GetProperty("totalAtLeast").GetBoolean() ? "+" : "";
        Assert.StartsWith($"{total:N0}{more} ", await tab.Page.Locator("#board-count").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(total > 0, $"the filters {api} should keep some rows of the test market");
    }

    [SampleDataFact]
    public async Task On_the_real_data_the_page_lists_the_335_shocks_by_default()
    {
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        await tab.Page.GotoAsync("/shocks");

        Assert.StartsWith("335 shocks", await tab.Page.Locator("#board-count").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("NVDA 2025-01-27", (await ReaderChecks.RowKeysAsync(tab.Page, "shocks"))[0]);
        Assert.Equal("Page 1 of 7", await tab.Page.Locator(".pager span").InnerTextAsync());
    }

    [Fact]
    public async Task The_form_keeps_its_state_in_a_short_shareable_address_and_unchecking_shocks_only_shows_every_down_day()
    {
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);
        await tab.Page.GotoAsync("/shocks");
        Assert.True(await tab.Page.GetByLabel("Shocks only").IsCheckedAsync());

        await tab.Page.GetByLabel("Sector").SelectOptionAsync("Technology");
        await tab.Page.GetByLabel("Worst first by").SelectOptionAsync("change");
        await tab.Page.GetByLabel("Shocks only").UncheckAsync();
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await tab.Page.WaitForURLAsync(url => url.Contains("sort=change", StringComparison.Ordinal));

        Assert.Equal("?sector=Technology&shocksOnly=false&sort=change", new Uri(tab.Page.Url).Query);
        var expected = await _client.GetJsonAsync("/api/shocks?sector=Technology&shocksOnly=false&sort=change");
        Assert.Equal(ApiData.ShockKeys(expected.GetProperty("items")), await ReaderChecks.RowKeysAsync(tab.Page, "shocks"));
        Assert.False(await tab.Page.GetByLabel("Shocks only").IsCheckedAsync());
        Assert.Equal("Technology", await tab.Page.GetByLabel("Sector").InputValueAsync());
        Assert.Equal("change", await tab.Page.GetByLabel("Worst first by").InputValueAsync());

        // Checking it again (with the company field filled) goes back to shocks only.
        await tab.Page.GetByLabel("Company").FillAsync(_market.Ticker.ToLowerInvariant());
        await tab.Page.GetByLabel("Shocks only").CheckAsync();
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await tab.Page.WaitForURLAsync(url => url.Contains("ticker=", StringComparison.Ordinal));
        Assert.Equal($"?ticker={_market.Ticker}&sector=Technology&sort=change", new Uri(tab.Page.Url).Query);
        var shocks = await _client.GetJsonAsync($"/api/shocks?ticker={_market.Ticker}&sector=Technology&shocksOnly=true&sort=change");
        Assert.Equal(ApiData.ShockKeys(shocks.GetProperty("items")), await ReaderChecks.RowKeysAsync(tab.Page, "shocks"));
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task The_page_links_and_the_csv_link_keep_the_filters()
    {
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);
        await tab.Page.GotoAsync("/shocks?shocksOnly=false&sort=change");

        Assert.Equal("/shocks.csv?shocksOnly=false&sort=change", await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).GetAttributeAsync("href"));
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Next →" }).ClickAsync();
        await tab.Page.WaitForURLAsync(url => url.Contains("p=2", StringComparison.Ordinal));

        var query = HttpUtility.ParseQueryString(new Uri(tab.Page.Url).Query);
        Assert.Equal(("false", "change", "2"), (query["shocksOnly"], query["sort"], query["p"]));
        var expected = await _client.GetJsonAsync("/api/shocks?shocksOnly=false&sort=change&offset=50");
        Assert.Equal(ApiData.ShockKeys(expected.GetProperty("items")), await ReaderChecks.RowKeysAsync(tab.Page, "shocks"));
        Assert.Equal("/shocks.csv?shocksOnly=false&sort=change", await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).GetAttributeAsync("href"));
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "← Previous" }).ClickAsync();
        await tab.Page.WaitForURLAsync(url => !url.Contains("p=", StringComparison.Ordinal));
        Assert.Equal("?shocksOnly=false&sort=change", new Uri(tab.Page.Url).Query);
    }

    [Theory]
    [InlineData("from=2025-13-01", "from", "'2025-13-01' is not a date in the form yyyy-MM-dd.")]
    [InlineData("from=2025-02-01&to=2025-01-01", "to", "'to' is before 'from'.")]
    [InlineData("minLossUsd=lots", "minLossUsd", "'lots' is not a number")]
    [InlineData("sort=worst", "sort", "'worst' is not one of: loss, change, sigma.")]
    public async Task A_bad_value_in_the_address_shows_a_message_instead_of_rows(string query, string parameter, string message)
    {
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        var response = await tab.Page.GotoAsync($"/shocks?{query}");

        Assert.Equal(400, response!.Status);
        var alert = await tab.Page.GetByRole(AriaRole.Alert).InnerTextAsync();
        Assert.Contains(parameter, alert, StringComparison.Ordinal);
        Assert.Contains(message, alert, StringComparison.Ordinal);
        Assert.Equal(0, await tab.Page.Locator("#shocks").CountAsync());
        Assert.True(await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Show" }).IsVisibleAsync());
    }

    [Fact]
    public async Task An_unknown_ticker_is_named_with_the_tickers_it_resembles()
    {
        var typo = _market.Ticker[..^1] + "X";
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        var response = await tab.Page.GotoAsync($"/shocks?ticker={typo}&sort=change");

        Assert.Equal(404, response!.Status);
        var alert = tab.Page.GetByRole(AriaRole.Alert);
        Assert.Contains($"No company has the ticker {typo}.", await alert.InnerTextAsync(), StringComparison.Ordinal);
        await alert.GetByRole(AriaRole.Link, new() { Name = _market.Ticker, Exact = true }).ClickAsync();
        await tab.Page.WaitForURLAsync(url => url.Contains($"ticker={_market.Ticker}&", StringComparison.Ordinal));
        Assert.Equal($"?ticker={_market.Ticker}&sort=change", new Uri(tab.Page.Url).Query);
        Assert.All(await ReaderChecks.RowKeysAsync(tab.Page, "shocks"), key => Assert.StartsWith(_market.Ticker + " ", key, StringComparison.Ordinal));
    }

}
