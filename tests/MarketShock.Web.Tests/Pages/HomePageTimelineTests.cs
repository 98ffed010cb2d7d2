using System.Net;
using System.Text.RegularExpressions;
using MarketShock.Pages;
using MarketShock.Tests.Api;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Pages;

/// <summary>
/// A market with more shocks than a chart can show: the home page draws the largest <see cref="IndexModel.TimelineLength"/>
/// and says so, rather than putting every shock of a market of thousands of tickers into the page.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed partial class HomePageTimelineTests(AppFixture app) : ApiTestBase(app, importThreeCompanies: false)
{
    [Fact]
    public async Task With_more_shocks_than_the_timeline_draws_it_shows_the_largest_and_counts_them_all()
    {
        await ImportAlternatingMarketAsync();

        var html = Whitespace().Replace(WebUtility.HtmlDecode(await Client.GetStringAsync("/")), " ");

        Assert.Contains("among 1,050 shocks in 2,100 company-days of 1 company", html, StringComparison.Ordinal);
        Assert.Contains("All 1,050 shocks →", html, StringComparison.Ordinal);
        Assert.Contains($"The {IndexModel.TimelineLength:N0} largest shocks over time", html, StringComparison.Ordinal);
        Assert.Contains($"The chart shows the {IndexModel.TimelineLength:N0} largest of 1,050 shocks", html, StringComparison.Ordinal);
        var timeline = TimelineData().Match(html);
        Assert.True(timeline.Success, "the timeline's data block is missing");
        Assert.Equal(IndexModel.TimelineLength, Regex.Count(timeline.Groups[1].Value, "\"date\":"));
        var table = TimelineTable().Match(html);
        Assert.True(table.Success, "the timeline's table is missing");
        Assert.Equal(IndexModel.TimelineLength, Regex.Count(table.Groups[1].Value, "<tr>"));
    }

    [Fact]
    public async Task The_permalink_and_the_company_chart_keep_the_worst_shocks_when_a_quarter_of_their_points_would_not_hold_them_all()
    {
        await ImportAlternatingMarketAsync();

        // The permalink's history: 500 points plus at most 125 shock days (and the day itself), not 1,050; at least the 125 kept
        // are drawn, and the points LTTB picks can be shocks too.
        var day = Whitespace().Replace(WebUtility.HtmlDecode(await Client.GetStringAsync("/companies/AAA/2015-01-06")), " ");
        var hint = HistoryHint().Match(day);
        Assert.True(hint.Success, "the history's hint is missing or says every shock is kept");
        Assert.InRange(int.Parse(hint.Groups["points"].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture), 500, 626);
        Assert.InRange(int.Parse(hint.Groups["kept"].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture), 125, 626);
        var history = HistoryData().Match(day);
        Assert.True(history.Success, "the history chart's points are missing");
        Assert.Equal(int.Parse(hint.Groups["points"].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture),
            Regex.Count(history.Groups[1].Value, "\"x\":"));

        // The company chart: 1,000 points plus at most 250 shock days.
        var company = Whitespace().Replace(WebUtility.HtmlDecode(await Client.GetStringAsync("/companies/AAA?range=max")), " ");
        var numbers = Regex.Match(company, @"The chart's numbers: (?<days>[\d,]+) days of 2,101 \(thinned, keeping every labelled day and [\d,]+ of its 1,050 shocks; the CSV has every day\)");
        Assert.True(numbers.Success, "the company chart's table summary is missing or says every shock is kept");
        Assert.InRange(int.Parse(numbers.Groups["days"].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture), 1_000, 1_250);
    }

    /// <summary>2,101 weekdays alternating −11% and +12.5% (back to within 0.1% of where it was): 1,050 falls of 11%, each a shock.</summary>
    private async Task ImportAlternatingMarketAsync()
    {
        var dates = PriceFiles.Weekdays(new DateOnly(2015, 1, 5), 2_101);
        var closes = new decimal[dates.Length];
        closes[0] = 100m;
        for (var i = 1; i < closes.Length; i++)
            closes[i] = Math.Round(i % 2 == 1 ? closes[i - 1] * 0.89m : closes[i - 1] * 1.125m, 4);
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("shares.csv", "Ticker,Date,Shares\nAAA,2015-01-05,1000000\n")));
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("AAA.csv", PriceFiles.Prices(dates, closes))));
    }

    [GeneratedRegex(@"2,101 trading days, drawn with (?<points>[\d,]+) points keeping (?<kept>[\d,]+) of its 1,050 shocks;")]
    private static partial Regex HistoryHint();

    [GeneratedRegex("""<script type="application/json" id="day-history-data">.*?"points":\[(.*?)\]""", RegexOptions.Singleline)]
    private static partial Regex HistoryData();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("""<script type="application/json" id="timeline-data">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex TimelineData();

    [GeneratedRegex("""<table class="data" id="timeline-table">.*?<tbody>(.*?)</tbody>""", RegexOptions.Singleline)]
    private static partial Regex TimelineTable();
}
