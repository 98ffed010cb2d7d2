using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Api;

/// <summary>Event labels in the API over <see cref="ThreeCompanies"/>: a company-day's label and link, and the market day's.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class EventLabelApiTests(AppFixture app) : ApiTestBase(app)
{
    private async Task LabelAsync()
    {
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("events.csv", """
            Ticker,Date,Label,Url
            AAA,2025-01-07,Alpha misses <b>guidance</b>,https://example.com/alpha
            BBB,2025-01-09,Beta recalls a product,
            ,2025-01-07,Rate fears hit the whole market,http://example.com/rates
            """)));
    }

    [Fact]
    public async Task The_leaderboard_gives_each_labelled_day_its_label_and_link_and_null_for_the_others()
    {
        await LabelAsync();

        var items = (await Client.GetJsonAsync("/api/shocks")).GetProperty("items");

        var byKey = items.EnumerateArray().ToDictionary(i => $"{i.Text("ticker")} {i.Text("date")}");
        Assert.Equal(("Alpha misses <b>guidance</b>", "https://example.com/alpha"),
            (byKey["AAA 2025-01-07"].Text("label"), byKey["AAA 2025-01-07"].Text("labelUrl")));
        Assert.Equal("Beta recalls a product", byKey["BBB 2025-01-09"].Text("label"));
        ApiData.AssertNull(byKey["BBB 2025-01-09"], "labelUrl");
        // The market day's label belongs to the day, not to each company's row.
        ApiData.AssertNull(byKey["BBB 2025-01-07"], "label", "labelUrl");
        Assert.Equal(ThreeCompanies.ShocksByLoss, ApiData.ShockKeys(items));
    }

    [Fact]
    public async Task A_company_day_has_its_own_label_and_link()
    {
        await LabelAsync();

        var labelled = await Client.GetJsonAsync("/api/companies/AAA/2025-01-07");
        var other = await Client.GetJsonAsync("/api/companies/BBB/2025-01-07");

        Assert.Equal(("Alpha misses <b>guidance</b>", "https://example.com/alpha"), (labelled.Text("label"), labelled.Text("labelUrl")));
        Assert.Equal(-10_000, labelled.Number("marketCapChange"));
        ApiData.AssertNull(other, "label", "labelUrl");
    }

    [Fact]
    public async Task A_market_day_has_the_label_without_a_ticker_and_an_unlabelled_day_has_none()
    {
        await LabelAsync();

        var labelled = await Client.GetJsonAsync("/api/days/2025-01-07");
        var other = await Client.GetJsonAsync("/api/days/2025-01-09");

        Assert.Equal(("Rate fears hit the whole market", "http://example.com/rates"), (labelled.Text("label"), labelled.Text("labelUrl")));
        Assert.Equal(-14_000, labelled.Number("totalMarketCapChange"));
        ApiData.AssertNull(other, "label", "labelUrl");
    }

    [Fact]
    public async Task A_later_file_changes_the_label_the_api_shows()
    {
        await LabelAsync();
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("fix.csv", "Ticker,Date,Label,Url\nAAA,2025-01-07,Alpha cuts its forecast,\n")));

        var day = await Client.GetJsonAsync("/api/companies/AAA/2025-01-07");

        Assert.Equal("Alpha cuts its forecast", day.Text("label"));
        ApiData.AssertNull(day, "labelUrl");
    }
}
