using System.Globalization;
using System.Net;
using System.Text.Json;
using MarketShock.Pages;
using MarketShock.Tests.Api;
using MarketShock.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MarketShock.Tests.Pages.Companies;

/// <summary>
/// The permalink of a company-day (/companies/{ticker}/{date}) as a reader sees it in Chromium, checked against
/// /api/companies/{ticker}/{date}: the page and the API must give the same numbers.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class PermalinkPageTests(AppFixture app, Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly HttpClient _client = app.CreateClient();
    private ReaderData.Market _market = null!;

    public async Task InitializeAsync() => _market = await ReaderData.EnsureAsync(app);

    public Task DisposeAsync()
    {
        _client.Dispose();
        return Task.CompletedTask;
    }

    private static string Api(string ticker, DateOnly date) => $"/api/companies/{ticker}/{Iso(date)}";

    [SampleDataFact]
    public async Task Nvidias_DeepSeek_day_shows_its_loss_its_ranks_the_worst_day_since_and_the_recovery_the_API_gives()
    {
        var api = await _client.GetJsonAsync("/api/companies/NVDA/2025-01-27");
        await using var tab = await OpenAsync("/companies/NVDA/2025-01-27");

        Assert.Equal("−$592.7B", await Figure(tab, "headline"));
        Assert.Equal("NVIDIA lost $592.7 billion (−16.97%) on Mon 27 Jan 2025.", await Figure(tab, "headline-sentence"));
        Assert.Equal("▼ −16.97%", Normalise(await Figure(tab, "change")));
        Assert.Equal((1, 2551), (api.GetProperty("rankByLoss").GetInt32(), api.GetProperty("rankedDays").GetInt32()));
        Assert.Equal("1 of 2,551", await Figure(tab, "rank-by-loss"));
        // Its third worst by %: 16 Mar 2020 (−18.45%) and a day of 2018 fell further.
        Assert.Equal($"{api.GetProperty("rankByChange").GetInt32()} of 2,551", await Figure(tab, "rank-by-change"));
        var context = await Figure(tab, "context");
        Assert.StartsWith("The largest one-day loss of any company in the data;", context, StringComparison.Ordinal);
        var worstSince = api.GetProperty("worstSince").ValueKind == JsonValueKind.Null
            ? "NVDA's worst day in the data"
            : $"NVDA's worst day since {Display.ShortDay(Date(api.Text("worstSince")))}";
        Assert.Contains(worstSince, context, StringComparison.Ordinal);
        Assert.Contains("worst day since 16 Mar 2020", context, StringComparison.Ordinal);
        Assert.Contains($"it regained its prior close on {Display.ShortDay(Date(api.Text("recoveryDate")))}, "
            + $"{api.GetProperty("recoveryTradingDays").GetInt32()} trading days later", context, StringComparison.Ordinal);
        Assert.Contains("9 Jun 2025, 92 trading days later", context, StringComparison.Ordinal);
        await AssertFiguresAreTheApisAsync(tab, api);
        // The formula with the numbers filled in: 24.49B shares × (118.42 − 142.62).
        Assert.Contains("24,490,000,000 × ($118.42 − $142.62) = 24,490,000,000 × −$24.20 = −$592,658,000,000 (−$592.7B)",
            Normalise(await Figure(tab, "formula")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_figure_of_the_page_is_the_one_the_API_gives_for_that_day()
    {
        var api = await _client.GetJsonAsync(Api(_market.Ticker, _market.ShockDate));
        await using var tab = await OpenAsync(_market.Permalink);

        Assert.Equal(Display.Money(api.Number("marketCapChange"), withSign: true), await Figure(tab, "headline"));
        await AssertFiguresAreTheApisAsync(tab, api);
    }

    [Fact]
    public async Task The_charts_mark_the_day_around_it_in_the_whole_history_and_in_the_histogram()
    {
        var dates = (await _client.GetJsonAsync($"/api/companies/{_market.Ticker}/series")).GetProperty("dates").EnumerateArray()
            .Select(d => Date(d.GetString()!)).ToList();
        var at = dates.IndexOf(_market.ShockDate);
        var expected = Math.Min(30, at) + 1 + Math.Min(60, dates.Count - 1 - at);
        var day = new DateTimeOffset(_market.ShockDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        var change = (await _client.GetJsonAsync(Api(_market.Ticker, _market.ShockDate))).Number("changePct");
        await using var tab = await OpenAsync(_market.Permalink);
        await tab.Page.WaitForFunctionAsync("() => ['day-window', 'day-history', 'day-histogram'].every(id => Chart.getChart(id))");

        var window = await tab.Page.EvaluateAsync<JsonElement>("""
            () => { const c = Chart.getChart('day-window'); const d = c.data.datasets[0].data;
                    return { points: d.length, first: d[0].x, last: d[d.length - 1].x, marked: c.options.plugins.annotation.annotations.day.xMin }; }
            """);
        Assert.Equal(expected, window.GetProperty("points").GetInt32());
        Assert.Equal(day, window.GetProperty("marked").GetInt64());
        Assert.Equal(Time(dates[Math.Max(0, at - 30)]), window.GetProperty("first").GetInt64());
        Assert.Equal(Time(dates[Math.Min(dates.Count - 1, at + 60)]), window.GetProperty("last").GetInt64());

        var history = await tab.Page.EvaluateAsync<JsonElement>("""
            (day) => { const c = Chart.getChart('day-history'); const line = c.data.datasets[0].data;
                       return { hasDay: line.some(p => p.x === day), first: line[0].x, marked: c.options.plugins.annotation.annotations.day.xMin }; }
            """, day);
        Assert.True(history.GetProperty("hasDay").GetBoolean(), "the whole-history line leaves out the day itself");
        Assert.Equal(Time(dates[0]), history.GetProperty("first").GetInt64());
        Assert.Equal(day, history.GetProperty("marked").GetInt64());

        // Exactly one bar has the highlight colour, and it is the bin holding the day's change (the outer bins hold all beyond).
        var bars = await tab.Page.EvaluateAsync<JsonElement>("""
            () => { const ds = Chart.getChart('day-histogram').data.datasets[0]; const colours = ds.backgroundColor;
                    const odd = colours.map((c, i) => i).filter(i => colours.filter(c => c === colours[i]).length === 1);
                    return { odd, bins: ds.bins }; }
            """);
        var odd = bars.GetProperty("odd").EnumerateArray().Select(i => i.GetInt32()).ToArray();
        var bins = bars.GetProperty("bins").EnumerateArray().ToArray();
        var index = Assert.Single(odd);
        var (from, to) = (bins[index].Number("from"), bins[index].Number("to"));
        Assert.True((change >= from || index == 0) && (change < to || index == bins.Length - 1),
            $"the highlighted bin {from}% to {to}% does not hold the day's {change}%");
        Assert.Contains("marked", await tab.Page.Locator("#day-histogram-title ~ details tbody tr").Nth(index).GetAttributeAsync("class") ?? "",
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_first_day_has_no_move_and_says_so()
    {
        var first = Date((await _client.GetJsonAsync(Api(_market.Ticker, _market.ShockDate))).Text("firstDate"));
        var api = await _client.GetJsonAsync(Api(_market.Ticker, first));
        await using var tab = await OpenAsync($"/companies/{_market.Ticker}/{Iso(first)}");

        Assert.Equal(Display.Price((decimal)api.Number("close")), await Figure(tab, "headline"));
        Assert.EndsWith($"on {Display.Day(first)}, its first day in the data: a first day has no move.", await Figure(tab, "headline-sentence"),
            StringComparison.Ordinal);
        Assert.Equal("—", await Figure(tab, "change"));
        Assert.Equal(0, await tab.Page.Locator("[data-figure=formula]").CountAsync());
    }

    [Fact]
    public async Task An_up_day_says_gained_and_a_company_without_share_counts_speaks_in_percent_only()
    {
        var series = await _client.GetJsonAsync($"/api/companies/{_market.Ticker}/series");
        var changes = series.GetProperty("changePct").EnumerateArray().ToList();
        var dates = series.GetProperty("dates").EnumerateArray().Select(d => Date(d.GetString()!)).ToList();
        // After the shock, where the share counts are not approximate in either market.
        var up = dates[changes.FindIndex(dates.IndexOf(_market.ShockDate), c => c.ValueKind == JsonValueKind.Number && c.GetDouble() > 1)];
        var benchmark = await _client.GetJsonAsync(Api(_market.Benchmark, _market.ShockDate));

        await using (var tab = await OpenAsync($"/companies/{_market.Ticker}/{Iso(up)}"))
        {
            var upDay = await _client.GetJsonAsync(Api(_market.Ticker, up));
            Assert.StartsWith("+$", await Figure(tab, "headline"), StringComparison.Ordinal);
            Assert.Contains($" gained {Display.MoneyInWords((decimal)upDay.Number("marketCapChange"))} ({Display.Percent(upDay.Number("changePct"))})",
                await Figure(tab, "headline-sentence"), StringComparison.Ordinal);
        }
        await using (var tab = await OpenAsync($"/companies/{_market.Benchmark}/{Iso(_market.ShockDate)}"))
        {
            Assert.Equal(Display.Percent(benchmark.Number("changePct")), await Figure(tab, "headline"));
            var sentence = await Figure(tab, "headline-sentence");
            Assert.Contains($" fell {Display.Percent(benchmark.Number("changePct"))[1..]} on {Display.Day(_market.ShockDate)}.", sentence, StringComparison.Ordinal);
            Assert.DoesNotContain("$", sentence, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_day_before_the_first_share_count_is_marked_approximate_and_names_the_count_it_used()
    {
        var (ticker, date) = _market.IsSample ? ("AAPL", new DateOnly(2020, 3, 16)) : ("BRVO", Date((await _client.GetJsonAsync("/api/companies/BRVO/series"))
            .GetProperty("dates")[5].GetString()!));
        var api = await _client.GetJsonAsync(Api(ticker, date));
        Assert.True(api.GetProperty("marketCapApproximate").GetBoolean());
        await using var tab = await OpenAsync($"/companies/{ticker}/{Iso(date)}");

        Assert.Contains(" lost about $", await Figure(tab, "headline-sentence"), StringComparison.Ordinal);
        Assert.True(await tab.Page.GetByText("Approximate market cap").IsVisibleAsync());
        Assert.Contains("the company's earliest count", await Figure(tab, "formula-shares"), StringComparison.Ordinal);
        await AssertFiguresAreTheApisAsync(tab, api);
    }

    [Fact]
    public void A_move_after_a_gap_in_the_data_says_it_spans_missing_data_and_is_not_ranked()
    {
        // Neither market has a gap, so the sentences are checked on a day as ShockAnalytics stores one: 100 → 80 across 13 days.
        var company = new MarketShock.Market.Company { Id = 1, Ticker = "GAPS", Name = "Gap Devices Inc." };
        var move = new MarketShock.Market.DailyMove
        {
            CompanyId = 1, Date = new DateOnly(2025, 1, 20), PreviousDate = new DateOnly(2025, 1, 7), Close = 80m, PreviousClose = 100m,
            Change = -0.2, AfterGap = true, MarketCapBefore = 1_000_000_000m, MarketCapChange = -200_000_000m, MarketCap = 800_000_000m,
        };
        // After a gap the day has no rank (nor, here, a later close to recover or measure a drawdown against).
        var history = new MarketShock.Market.MoveHistory { CompanyId = 1, Date = move.Date };
        var figures = new MarketShock.Market.CompanyDays.Figures(company, move, history, 10, new DateOnly(2024, 6, 3), null, new MarketShock.Market.MarketDays.Listing([], 0));
        var view = new MarketShock.Pages.Companies.DayContext.View(null, false, null, new DateOnly(2025, 3, 31), [], [], 0, 0, [], null,
            null, null, null, null, [], []);

        Assert.Equal("Gap Devices lost $200.0 million (−20.00%) on Mon 20 Jan 2025 — a move that spans missing data: the previous close is from "
            + "Tue 7 Jan 2025, 13 calendar days earlier.", MarketShock.Pages.Companies.DayText.Headline(figures));
        Assert.Equal("Not ranked and not a shock, because the move spans missing data.", MarketShock.Pages.Companies.DayText.Context(figures, view));
    }

    [Fact]
    public async Task Copy_link_puts_the_canonical_absolute_address_on_the_clipboard()
    {
        await using var tab = await OpenAsync(_market.Permalink);
        await tab.AllowClipboardAsync();
        var canonical = new Uri(app.BaseAddress, _market.Permalink).ToString();

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Copy link" }).ClickAsync();
        await Assertions.Expect(tab.Page.Locator("#copy-status")).ToHaveTextAsync("Link copied.");

        Assert.Equal(canonical, await tab.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        Assert.Equal(canonical, await tab.Page.Locator("link[rel=canonical]").GetAttributeAsync("href"));
        Assert.Equal(canonical, await tab.Page.Locator("#permalink-url").InnerTextAsync());
    }

    [Fact]
    public async Task Without_JavaScript_the_page_shows_the_address_as_text_and_runs_no_inline_script_or_style()
    {
        var api = await _client.GetJsonAsync(Api(_market.Ticker, _market.ShockDate));
        var html = await _client.GetStringAsync(new Uri(_market.Permalink, UriKind.Relative));
        var canonical = WebUtility.HtmlEncode(new Uri(app.BaseAddress, _market.Permalink).ToString());

        Assert.Matches($"<a [^>]*id=\"permalink-url\"[^>]*>{System.Text.RegularExpressions.Regex.Escape(canonical)}</a>", html);
        Assert.Matches("<button [^>]*id=\"copy-link\"[^>]*hidden", html);
        Assert.Contains(WebUtility.HtmlEncode(Display.Money(api.Number("marketCapChange"), withSign: true)), html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"<script(?![^>]*\b(src=|type=""application/json""))[^>]*>", html);
        Assert.DoesNotMatch(@"\s(style|on[a-z]+)=", html);
    }

    [Fact]
    public async Task A_ticker_in_another_case_is_redirected_permanently_to_the_canonical_address()
    {
        using var response = await _client.GetAsync(new Uri($"/companies/{_market.Ticker.ToLowerInvariant()}/{Iso(_market.ShockDate)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(_market.Permalink, response.Headers.Location?.IsAbsoluteUri == true ? response.Headers.Location.AbsolutePath : response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_weekend_day_answers_404_with_links_to_the_trading_days_before_and_after()
    {
        var saturday = _market.ShockDate.AddDays(-(((int)_market.ShockDate.DayOfWeek + 1) % 7));
        Assert.Equal(DayOfWeek.Saturday, saturday.DayOfWeek);
        await AssertNeighboursAsync(Iso(saturday), saturday, $"No data for {_market.Ticker} on {Display.Day(saturday)}");
    }

    [Fact]
    public async Task A_date_that_is_not_in_the_calendar_answers_the_same_helpful_404()
    {
        await AssertNeighboursAsync("2025-02-30", new DateOnly(2025, 2, 28), "2025-02-30 is not a date", beforeInclusive: true);
    }

    [Fact]
    public async Task An_unknown_ticker_answers_404_with_a_link_to_a_resembling_ticker()
    {
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        var response = await tab.Page.GotoAsync($"/companies/{_market.Ticker}X/{Iso(_market.ShockDate)}");

        Assert.Equal(404, response!.Status);
        Assert.Equal("Unknown ticker", await tab.Page.Locator("h1").InnerTextAsync());
        var links = await tab.Page.Locator("[data-link=suggestion]").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Contains(_market.Permalink, links);
    }

    [Fact]
    public async Task The_benchmarks_move_that_day_and_the_market_adjusted_move_are_shown()
    {
        var day = await _client.GetJsonAsync(Api(_market.Ticker, _market.ShockDate));
        var benchmark = await _client.GetJsonAsync(Api(_market.Benchmark, _market.ShockDate));
        await using var tab = await OpenAsync(_market.Permalink);

        var (r, rB) = (day.Number("changePct"), benchmark.Number("changePct"));
        Assert.Equal(Display.Percent(rB), Strip(await Figure(tab, "benchmark-change")));
        Assert.Equal(Display.Percent(r - rB), Strip(await Figure(tab, "market-adjusted")));
        if (_market.IsSample)
        {
            // QQQ closed at 514.21 after 529.63: 514.21 / 529.63 − 1 = −2.91%.
            Assert.Equal("−2.91%", Display.Percent((514.21 / 529.63 - 1) * 100));
            Assert.Equal("−2.91%", Strip(await Figure(tab, "benchmark-change")));
        }
        await using var own = await OpenAsync($"/companies/{_market.Benchmark}/{Iso(_market.ShockDate)}");
        Assert.Equal(0, await own.Page.Locator("[data-figure=benchmark]").CountAsync());
    }

    [Fact]
    public async Task The_other_companies_that_day_are_listed_with_the_market_total_and_a_link_to_the_market_day()
    {
        var api = await _client.GetJsonAsync(Api(_market.Ticker, _market.ShockDate));
        await using var tab = await OpenAsync(_market.Permalink);

        var tickers = await tab.Page.Locator("#other-companies tbody th a").AllInnerTextsAsync();
        Assert.Equal(api.GetProperty("otherCompanies").Strings("ticker"), tickers.ToArray());
        var market = api.GetProperty("market");
        Assert.Equal(Display.Money(market.Number("totalMarketCapChange"), withSign: true), await Figure(tab, "market-total"));
        Assert.Equal(Display.Percent(market.Number("changePct")), Strip(await Figure(tab, "market-change")));
        Assert.Equal(market.GetProperty("decliners").GetInt32().ToString(CultureInfo.InvariantCulture), await Figure(tab, "decliners"));
        Assert.Equal(_market.MarketDay, await tab.Page.Locator("[data-link=market-day]").GetAttributeAsync("href"));
    }

    [Fact]
    public async Task Every_permalink_the_shocks_API_lists_answers_200_as_a_page_and_in_the_API()
    {
        var items = (await _client.GetJsonAsync("/api/shocks?shocksOnly=true&limit=500")).GetProperty("items").EnumerateArray().Take(300).ToList();
        Assert.NotEmpty(items);

        foreach (var item in items)
        {
            var permalink = new Uri(item.Text("permalink"));
            using var page = await _client.GetAsync(new Uri(permalink.PathAndQuery, UriKind.Relative));
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"{permalink} answered {(int)page.StatusCode}");
            using var api = await _client.GetAsync(new Uri($"/api{permalink.AbsolutePath}", UriKind.Relative));
            Assert.True(api.StatusCode == HttpStatusCode.OK, $"/api{permalink.AbsolutePath} answered {(int)api.StatusCode}");
        }
    }

    private async Task AssertNeighboursAsync(string date, DateOnly around, string heading, bool beforeInclusive = false)
    {
        var dates = (await _client.GetJsonAsync($"/api/companies/{_market.Ticker}/series")).GetProperty("dates").EnumerateArray()
            .Select(d => Date(d.GetString()!)).ToList();
        var before = dates.Last(d => beforeInclusive ? d <= around : d < around);
        var after = dates.First(d => d > around);
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        var response = await tab.Page.GotoAsync($"/companies/{_market.Ticker}/{date}");

        Assert.Equal(404, response!.Status);
        Assert.Equal(heading, await tab.Page.Locator("h1").InnerTextAsync());
        Assert.Equal($"/companies/{_market.Ticker}/{Iso(before)}", await tab.Page.Locator("[data-link=before]").GetAttributeAsync("href"));
        Assert.Equal($"/companies/{_market.Ticker}/{Iso(after)}", await tab.Page.Locator("[data-link=after]").GetAttributeAsync("href"));
        Assert.Contains(Display.Day(before), await tab.Page.Locator("[data-link=before]").InnerTextAsync(), StringComparison.Ordinal);
    }

    /// <summary>The figures as the browser shows them, each written from the API's number the way the site writes numbers.</summary>
    private static async Task AssertFiguresAreTheApisAsync(BrowserPage tab, JsonElement api)
    {
        decimal? Money(string name) => api.GetProperty(name).ValueKind == JsonValueKind.Null ? null : (decimal)api.Number(name);
        string Rank(string name) => api.GetProperty(name).ValueKind == JsonValueKind.Null ? "—"
            : $"{api.GetProperty(name).GetInt32():N0} of {api.GetProperty("rankedDays").GetInt32():N0}";
        double? Number(string name) => api.GetProperty(name).ValueKind == JsonValueKind.Null ? null : api.Number(name);

        Assert.Equal(Display.Price(Money("close")), await Figure(tab, "close"));
        Assert.Equal(Display.Price(Money("previousClose")), await Figure(tab, "previous-close"));
        Assert.Equal(Display.Percent(Number("changePct")), Strip(await Figure(tab, "change")));
        Assert.Equal(Display.Money(Money("marketCapChange"), withSign: true), await Figure(tab, "market-cap-change"));
        Assert.Equal(Display.Money(Money("marketCapBefore")), await Figure(tab, "market-cap-before"));
        Assert.Equal(Display.Money(Money("marketCap")), await Figure(tab, "market-cap"));
        Assert.Equal(Rank("rankByLoss"), await Figure(tab, "rank-by-loss"));
        Assert.Equal(Rank("rankByChange"), await Figure(tab, "rank-by-change"));
        Assert.Equal(Display.Sigma(Number("sigma")), await Figure(tab, "sigma"));
        Assert.Equal(Number("volatilityPct") is { } sigma ? sigma.ToString("0.00", CultureInfo.InvariantCulture) + "%" : "—", await Figure(tab, "volatility"));
        Assert.Contains($"{Display.Price(Money("previousClose"))} on {Display.Day(Date(api.Text("previousDate")))}",
            await Figure(tab, "formula-previous-close"), StringComparison.Ordinal);
        Assert.Contains(Display.Count(api.GetProperty("shares").GetInt64()), await Figure(tab, "formula-shares"), StringComparison.Ordinal);
    }

    private async Task<BrowserPage> OpenAsync(string path)
    {
        var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);
        var response = await tab.Page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.Equal(200, response!.Status);
        return tab;
    }

    private static Task<string> Figure(BrowserPage tab, string name) => tab.Page.Locator($"[data-figure='{name}']").InnerTextAsync();

    /// <summary>The text without the ▲▼ arrow that goes with a change.</summary>
    private static string Strip(string text) => Normalise(text).TrimStart('▲', '▼', ' ');

    private static string Normalise(string text) => string.Join(' ', text.Split((char[])[' ', '\u00a0', '\n'], StringSplitOptions.RemoveEmptyEntries));

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Date(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static long Time(DateOnly date) => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
}
