using System.Net;
using MarketShock.Tests.Api;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;
using SkiaSharp;
using static MarketShock.Tests.Cards.CardChecks;

namespace MarketShock.Tests.Cards;

/// <summary>
/// An event label on the cards and in the descriptions an unfurler shows (<see cref="ThreeCompanies"/>): drawn under the change, said first
/// in og:description, encoded in the page, and a new card version when it is imported or changed.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class CardLabelTests(AppFixture app) : ApiTestBase(app)
{
    private const string Permalink = "/companies/AAA/2025-01-07", MarketDay = "/days/2025-01-07";
    private const string Label = "Alpha misses <b>guidance</b> & \"cuts\" jobs";

    /// <summary>Under the change (left of the date, whose J descends), above the chart: where an unlabelled card draws nothing dark.</summary>
    private static readonly SKRectI LabelBand = new(60, 336, 360, 362);

    private async Task LabelAsync(string csv) =>
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("events.csv", "Ticker,Date,Label,Url\n" + csv)));

    [Fact]
    public async Task A_label_imported_for_a_day_is_drawn_on_its_card_with_a_new_etag()
    {
        using var before = await Client.GetAsync(Permalink + "/card.png");
        using var unlabelled = Decode(await before.Content.ReadAsByteArrayAsync());

        await LabelAsync($"AAA,2025-01-07,\"{Label.Replace("\"", "\"\"", StringComparison.Ordinal)}\",https://example.com/alpha\n");
        using var after = await Client.GetAsync(Permalink + "/card.png");
        using var labelled = Decode(await after.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal(0, Count(unlabelled, LabelBand, IsDark));
        Assert.True(Count(labelled, LabelBand, IsDark) > 500, "the label's text is drawn in ink under the change");
        // The figure still leads the card, in red.
        Assert.True(Count(labelled, new SKRectI(60, 120, 900, 240), IsRed) > 10_000);
    }

    [Fact]
    public async Task The_label_comes_first_in_the_permalinks_description_and_is_encoded_in_the_html()
    {
        await LabelAsync($"AAA,2025-01-07,\"{Label.Replace("\"", "\"\"", StringComparison.Ordinal)}\",\n");

        var html = await Client.GetStringAsync(Permalink);
        var tags = MetaTags(html);

        Assert.StartsWith(Label + ". ", tags["og:description"]);
        Assert.Equal(tags["og:description"], tags["twitter:description"]);
        Assert.DoesNotContain("<b>guidance", html);
        Assert.Contains("&lt;b&gt;guidance&lt;/b&gt; &amp; &quot;cuts&quot;", html);
    }

    [Fact]
    public async Task A_company_without_a_label_of_its_own_is_given_the_market_days_label_said_as_such()
    {
        await LabelAsync(",2025-01-07,Rate fears hit the whole market,\n");

        var company = MetaTags(await Client.GetStringAsync("/companies/BBB/2025-01-07"));
        var market = MetaTags(await Client.GetStringAsync(MarketDay));

        Assert.StartsWith("The market: Rate fears hit the whole market. ", company["og:description"]);
        Assert.StartsWith("Rate fears hit the whole market. ", market["og:description"]);
        Assert.Matches(@"\. \d+ of \d+ companies with a market cap fell", market["og:description"]);
    }

    [Fact]
    public async Task A_market_days_label_is_drawn_on_its_card_and_a_later_label_draws_a_new_one()
    {
        using var unlabelled = Decode(await Client.GetByteArrayAsync(MarketDay + "/card.png"));
        await LabelAsync(",2025-01-07,Rate fears hit the whole market,\n");
        using var first = await Client.GetAsync(MarketDay + "/card.png");
        var firstImage = await first.Content.ReadAsByteArrayAsync();

        await LabelAsync(",2025-01-07,Bond yields jump on inflation data,\n");
        using var request = new HttpRequestMessage(HttpMethod.Get, MarketDay + "/card.png");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await Client.SendAsync(request);

        Assert.Equal(0, Count(unlabelled, LabelBand, IsDark));
        using (var labelled = Decode(firstImage))
            Assert.True(Count(labelled, LabelBand, IsDark) > 500, "the label's text is drawn in ink under the total");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.NotEqual(firstImage, await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_label_too_long_for_two_lines_ends_in_an_ellipsis_inside_the_card()
    {
        var words = string.Join(' ', Enumerable.Repeat("Wide words overflow", 7));
        await LabelAsync($"AAA,2025-01-07,{words},\n");

        using var card = Decode(await Client.GetByteArrayAsync(Permalink + "/card.png"));

        // Two lines of ink under the change, none beyond the right margin.
        Assert.True(Count(card, new SKRectI(60, 380, 1140, 404), IsDark) > 500, "the second line is drawn");
        Assert.Equal(0, Count(card, new SKRectI(1145, 300, 1200, 420), c => c.Red < 200));
    }
}
