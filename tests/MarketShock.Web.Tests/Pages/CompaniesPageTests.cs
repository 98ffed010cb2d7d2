using MarketShock.Tests.Api;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MarketShock.Tests.Pages;

/// <summary>/companies: every company with prices, its latest close and market value and its worst day, searchable.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class CompaniesPageTests(AppFixture app, Browser browser) : IClassFixture<Browser>, IDisposable
{
    private readonly Files _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task After_importing_two_Yahoo_files_the_companies_page_shows_a_row_per_company()
    {
        await app.ResetAsync();
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("NVDA.csv", $"""
            {ImportHelpers.Header}
            2025-01-23,145.05,147.23,143.72,147.22,147.19,155915500
            2025-01-24,148.37,148.97,141.88,142.62,142.59,234657600
            2025-01-27,124.80,128.40,116.70,118.42,118.40,818830900
            2025-01-28,121.81,129.00,116.25,118.4,118.38,579666400
            """)));
        // Four-figure closes, so that the prices show their thousands separator too.
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("AAPL.csv", $"""
            {ImportHelpers.Header}
            2025-01-22,1219.79,1224.12,1219.79,1223.83,1223.83,64126500
            2025-01-23,1224.74,1227.03,1222.30,1223.66,1223.66,60234800
            2025-01-24,1224.78,1225.63,1221.41,1224.5,1224.5,54697900
            """)));
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        await tab.Page.GotoAsync("/companies");

        Assert.Equal(["AAPL", "NVDA"], await Tickers(tab.Page));
        // Ticker, name (the ticker until companies are imported), sector, last close and its date, market value (no share
        // count: none), worst day and its change.
        Assert.Equal(["AAPL", "AAPL", "—", "$1,224.50\n24 Jan 2025", "—", "Thu 23 Jan 2025", "▼ −0.01%"], await Cells(tab.Page, "AAPL"));
        Assert.Equal(["NVDA", "NVDA", "—", "$118.40\n28 Jan 2025", "—", "Mon 27 Jan 2025", "▼ −16.97%"], await Cells(tab.Page, "NVDA"));
        Assert.Equal("/companies/NVDA/2025-01-27", await Row(tab.Page, "NVDA").GetByRole(AriaRole.Link, new() { Name = "Mon 27 Jan 2025" }).GetAttributeAsync("href"));
        Assert.Equal("/companies/NVDA", await Row(tab.Page, "NVDA").GetByRole(AriaRole.Link, new() { Name = "NVDA" }).GetAttributeAsync("href"));
    }

    [Fact]
    public async Task Only_companies_with_prices_are_listed_with_their_market_value_and_worst_loss()
    {
        await ImportThreeCompaniesAndASharesOnlyTickerAsync();
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        await tab.Page.GotoAsync("/companies");

        // ZZZ has a share count and no prices: it is not a company anyone can look at.
        Assert.Equal(["AAA", "BBB", "CCC"], await Tickers(tab.Page));
        // AAA: 94.05 × 1,000 shares; worst day 2025-01-07, −10,000 (−10%).
        Assert.Equal(["AAA", "Alpha Inc", "Technology", "$94.05\n10 Jan 2025", "$94.1K", "Tue 7 Jan 2025", "−$10.0K\n−10.00%"], await Cells(tab.Page, "AAA"));
        // CCC has no share count: its worst day is by % change, with no dollar figure.
        Assert.Equal(["CCC", "Gamma Ltd", "Communication Services", "$26.40\n10 Jan 2025", "—", "Fri 10 Jan 2025", "▼ −40.00%"], await Cells(tab.Page, "CCC"));
        Assert.Contains("3 companies", await tab.Page.Locator("#company-count").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bbb", new[] { "BBB" })]
    [InlineData("gamma", new[] { "CCC" })]
    [InlineData("A", new[] { "AAA", "BBB", "CCC" })] // Alpha, Beta, Gamma
    [InlineData("ZZZ", new string[0])]
    [InlineData("%", new string[0])] // a character, not a wildcard
    public async Task The_search_form_finds_companies_by_ticker_or_name(string search, string[] expected)
    {
        await ImportThreeCompaniesAndASharesOnlyTickerAsync();
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);
        await tab.Page.GotoAsync("/companies");

        await tab.Page.GetByLabel("Search by ticker or name").FillAsync(search);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await tab.Page.WaitForURLAsync(url => url.Contains("?q=", StringComparison.Ordinal));

        Assert.Equal(expected, await Tickers(tab.Page));
        Assert.Equal(search, await tab.Page.GetByLabel("Search by ticker or name").InputValueAsync());
        if (expected.Length == 0)
            Assert.Contains("No company", await tab.Page.Locator("#company-count").InnerTextAsync(), StringComparison.Ordinal);
    }

    private async Task ImportThreeCompaniesAndASharesOnlyTickerAsync()
    {
        await app.ResetAsync();
        await ThreeCompanies.ImportAsync(app, _files);
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("zzz-shares.csv", "Ticker,Date,Shares\nZZZ,2025-01-06,5000\n")));
    }

    private static async Task<string[]> Tickers(IPage page) =>
        await page.Locator("#companies tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.ticker)");

    private static ILocator Row(IPage page, string ticker) => page.Locator($"#companies tbody tr[data-ticker='{ticker}']");

    private static async Task<string[]> Cells(IPage page, string ticker) =>
        [.. (await Row(page, ticker).Locator("th, td").AllInnerTextsAsync()).Select(c => c.Replace('\u00a0', ' ').Trim())];
}
