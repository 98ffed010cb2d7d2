using System.Globalization;
using System.Net;
using MarketShock.Cards;
using MarketShock.Pages;
using MarketShock.Tests.Api;
using MarketShock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using static MarketShock.Tests.Cards.CardChecks;

namespace MarketShock.Tests.Cards;

/// <summary>/compare's share tags and /compare/card.png on the reader market: the events' lines in the page's colours, each event's figures.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class CompareCardTests(AppFixture app) : ReaderTestBase(app)
{
    private string Events => $"{Market.Ticker}:{Market.ShockDate:yyyy-MM-dd},{Market.OtherTicker}:{Market.OtherShockDate:yyyy-MM-dd}";

    private string Card => "/compare/card.png?events=" + Events;

    private static string Title(string ticker, DateOnly date) => $"{ticker} {Display.ShortDay(date)}";

    [Fact]
    public async Task A_comparison_unfurls_into_a_large_card_naming_its_events_and_their_day_0_changes()
    {
        var tags = MetaTags(await Client.GetStringAsync(Market.Compare));

        var (first, second) = (Title(Market.Ticker, Market.ShockDate), Title(Market.OtherTicker, Market.OtherShockDate));
        Assert.Equal($"Compare {first} and {second}", tags["og:title"]);
        Assert.Equal(("article", "MarketShock", "summary_large_image"), (tags["og:type"], tags["og:site_name"], tags["twitter:card"]));
        Assert.Equal(("image/png", "1200", "630"), (tags["og:image:type"], tags["og:image:width"], tags["og:image:height"]));
        Assert.Contains(first, tags["og:image:alt"]);
        var canonical = new Uri(tags["og:url"]);
        Assert.Equal(new Uri(App.BaseAddress, "/compare").ToString(), canonical.GetLeftPart(UriPartial.Path));
        Assert.Equal(Events, Uri.UnescapeDataString(canonical.Query)["?events=".Length..]);
        // Each event's day-0 change, as the API gives it, and what happened when the day is labelled.
        foreach (var (ticker, date) in new[] { (Market.Ticker, Market.ShockDate), (Market.OtherTicker, Market.OtherShockDate) })
        {
            var day = await Client.GetJsonAsync($"/api/companies/{ticker}/{date:yyyy-MM-dd}");
            var label = day.GetProperty("label").GetString() is { } text ? $" ({text})" : "";
            Assert.Contains($"{Title(ticker, date)}{label}: {Display.Percent(day.Number("changePct"))} on day 0", tags["og:description"]);
        }
        Assert.Equal(("Events", "2", "Worst day 0"), (tags["twitter:label1"], tags["twitter:data1"], tags["twitter:label2"]));

        var image = new Uri(tags["og:image"]);
        Assert.Equal(new Uri(App.BaseAddress, "/compare/card.png").ToString(), image.GetLeftPart(UriPartial.Path));
        using var response = await Client.GetAsync(image);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"\"{System.Web.HttpUtility.ParseQueryString(image.Query)["v"]}\"", response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task The_card_is_a_1200_by_630_png_with_a_line_per_event_in_the_pages_colours_and_their_names()
    {
        using var response = await Client.GetAsync(Card);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        using var image = Decode(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal((1200, 630), (image.Width, image.Height));
        var chart = new SKRectI(156, 140, 620, 520);
        Assert.True(Count(image, chart, c => Near(c, CompareCard.Palette[0])) > 1_000, "the first event's line is drawn in the first colour");
        Assert.True(Count(image, chart, c => Near(c, CompareCard.Palette[1])) > 500, "the second event's line is drawn in the second colour");
        Assert.True(Count(image, new SKRectI(700, 140, 1140, 200), IsDark) > 1_000, "the first event's name is drawn beside the chart");
        Assert.True(Count(image, new SKRectI(60, 40, 700, 100), IsDark) > 1_000, "the title is drawn");
    }

    [Fact]
    public async Task Two_comparisons_give_two_cards_and_an_etag_answers_not_modified()
    {
        using var first = await Client.GetAsync(Card);
        using var other = await Client.GetAsync($"/compare/card.png?events={Market.Ticker}:{Market.ShockDate:yyyy-MM-dd}");
        using var request = new HttpRequestMessage(HttpMethod.Get, Card);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var again = await Client.SendAsync(request);

        Assert.NotEqual(first.Headers.ETag, other.Headers.ETag);
        Assert.NotEqual(await first.Content.ReadAsByteArrayAsync(), await other.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.True(first.Headers.CacheControl!.Public);
    }

    [Fact]
    public async Task A_head_request_answers_as_get_does_without_the_image()
    {
        foreach (var card in new[] { Card, Market.Permalink + "/card.png", Market.MarketDay + "/card.png" })
        {
            using var get = await Client.GetAsync(card);
            using var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, card));

            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(("image/png", get.Headers.ETag), (head.Content.Headers.ContentType!.MediaType, head.Headers.ETag));
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("?events=")]
    [InlineData("?events=NOPE:2025-01-27")]
    [InlineData("?events={0}:1999-01-04")]
    [InlineData("?events={0}:2025-02-30")]
    [InlineData("?events={0}:{1},NOPE:2025-01-27")]
    [InlineData("?events=A:2025-01-01,B:2025-01-01,C:2025-01-01,D:2025-01-01,E:2025-01-01,F:2025-01-01,G:2025-01-01,H:2025-01-01,I:2025-01-01")]
    public async Task A_comparison_with_a_bad_event_has_no_card_and_draws_nothing(string query)
    {
        var cache = App.Factory.Services.GetRequiredService<CardCache>();
        var before = cache.Rendered;

        using var response = await Client.GetAsync("/compare/card.png"
            + string.Format(CultureInfo.InvariantCulture, query, Market.Ticker, Market.ShockDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, cache.Rendered);
    }

    [Fact]
    public async Task A_page_with_a_bad_event_does_not_unfurl()
    {
        using var response = await Client.GetAsync(Market.Compare + ",NOPE:2025-01-27");
        var tags = MetaTags(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(tags.ContainsKey("og:image"));
    }

    private static bool Near(SKColor c, SKColor target) =>
        Math.Abs(c.Red - target.Red) < 24 && Math.Abs(c.Green - target.Green) < 24 && Math.Abs(c.Blue - target.Blue) < 24;
}
