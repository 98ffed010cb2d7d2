using System.Net;
using MarketShock.Cards;
using MarketShock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using static MarketShock.Tests.Cards.CardChecks;

namespace MarketShock.Tests.Cards;

/// <summary>/companies/{ticker}/{date}/card.png on the reader market, and the permalink tags that point at it.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class CompanyCardTests(AppFixture app) : ReaderTestBase(app)
{
    private string Card => Market.Permalink + "/card.png";

    [Fact]
    public async Task The_permalink_unfurls_into_a_large_card_with_the_headline_figures()
    {
        var tags = MetaTags(await Client.GetStringAsync(Market.Permalink));

        var canonical = new Uri(App.BaseAddress, Market.Permalink).ToString();
        Assert.Equal(canonical, tags["og:url"]);
        Assert.Equal(("article", "MarketShock", "summary_large_image"), (tags["og:type"], tags["og:site_name"], tags["twitter:card"]));
        Assert.Matches(@"lost (about )?\$[\d.]+ (billion|trillion|million) \(−\d+\.\d{2}%\) on \w{3} \d+ \w{3} \d{4}$", tags["og:title"]);
        Assert.EndsWith(".", tags["og:description"]);
        Assert.NotEqual(tags["og:title"] + ".", tags["og:description"]);
        Assert.Equal(("image/png", "1200", "630"), (tags["og:image:type"], tags["og:image:width"], tags["og:image:height"]));
        Assert.Contains(Market.Ticker, tags["og:image:alt"]);
        Assert.Equal(("Change", "Market value"), (tags["twitter:label1"], tags["twitter:label2"]));
        Assert.Matches(@"^−\d+\.\d{2}%$", tags["twitter:data1"]);
        Assert.Matches(@"^−\$\d+(\.\d+)?[MBT]$", tags["twitter:data2"]);
        Assert.Contains(tags["twitter:data1"], tags["og:title"]);

        // The image address is absolute and versioned by the ETag of the card it names.
        var image = new Uri(tags["og:image"]);
        Assert.True(image.IsAbsoluteUri);
        Assert.Equal(new Uri(App.BaseAddress, Card).GetLeftPart(UriPartial.Path), image.GetLeftPart(UriPartial.Path));
        using var response = await Client.GetAsync(image);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"\"{image.Query["?v=".Length..]}\"", response.Headers.ETag!.Tag);
        Assert.Equal(tags["og:image"], tags["twitter:image"]);
    }

    [Fact]
    public async Task The_card_is_a_1200_by_630_png_with_the_figure_in_red_the_company_in_ink_and_a_chart()
    {
        using var response = await Client.GetAsync(Card);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        using var image = Decode(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal((1200, 630), (image.Width, image.Height));
        Assert.True(DistinctColours(image) > 200, "anti-aliased text and a chart draw many shades");
        // Where the headline figure is drawn (a loss: red), the company's name (ink) and the chart's line (blue).
        Assert.True(Count(image, new SKRectI(60, 130, 900, 260), IsRed) > 10_000, "the headline figure is drawn");
        Assert.True(Count(image, new SKRectI(60, 40, 700, 100), IsDark) > 1_000, "the company's name is drawn");
        Assert.True(Count(image, new SKRectI(60, 370, 990, 550), IsBlue) > 2_000, "the chart is drawn");
        Assert.True(Count(image, new SKRectI(60, 570, 400, 620), IsBlue) > 500, "the site's name is drawn");
    }

    [Fact]
    public async Task Two_days_give_two_different_cards()
    {
        using var first = await Client.GetAsync(Card);
        using var second = await Client.GetAsync($"/companies/{Market.OtherTicker}/{Market.OtherShockDate:yyyy-MM-dd}/card.png");

        Assert.NotEqual(first.Headers.ETag, second.Headers.ETag);
        Assert.NotEqual(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_card_is_cacheable_and_its_etag_answers_not_modified()
    {
        using var first = await Client.GetAsync(Card);
        Assert.True(first.Headers.CacheControl!.Public);
        Assert.True(first.Headers.CacheControl.MaxAge >= TimeSpan.FromMinutes(10));

        using var request = new HttpRequestMessage(HttpMethod.Get, Card);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var again = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
    }

    [Fact]
    public async Task Concurrent_requests_for_a_new_card_draw_it_once()
    {
        var cache = App.Factory.Services.GetRequiredService<CardCache>();
        // Two weeks before the shock: the same weekday, a trading day in either market, asked for by no other test.
        var card = $"/companies/{Market.Ticker}/{Market.ShockDate.AddDays(-14):yyyy-MM-dd}/card.png";
        var before = cache.Rendered;

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Client.GetAsync(card)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.ETag!.Tag).Distinct());
        Assert.Equal(1, cache.Rendered - before);
        foreach (var response in responses)
            response.Dispose();
    }

    [Fact]
    public async Task Another_spelling_of_the_ticker_is_redirected_to_the_canonical_card()
    {
        using var response = await Client.GetAsync(Card.Replace(Market.Ticker, Market.Ticker.ToLowerInvariant(), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(Card, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/companies/NOPE/2025-01-27/card.png")]
    [InlineData("/companies/{0}/2025-02-30/card.png")]
    [InlineData("/companies/{0}/1999-01-04/card.png")]
    public async Task An_unknown_ticker_or_a_day_without_data_is_not_found_and_draws_nothing(string path)
    {
        var cache = App.Factory.Services.GetRequiredService<CardCache>();
        var before = cache.Rendered;

        using var response = await Client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, Market.Ticker));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, cache.Rendered);
    }

    [Fact]
    public async Task A_saturday_has_no_card()
    {
        var saturday = Market.ShockDate.AddDays(DayOfWeek.Saturday - Market.ShockDate.DayOfWeek);

        using var response = await Client.GetAsync($"/companies/{Market.Ticker}/{saturday:yyyy-MM-dd}/card.png");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
