using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MarketShock.Tests.Api;
using MarketShock.Tests.Infrastructure;
using SkiaSharp;
using static MarketShock.Tests.Cards.CardChecks;

namespace MarketShock.Tests.Cards;

/// <summary>/days/{date}/card.png on the reader market, and the market day page's tags that point at it.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class MarketDayCardTests(AppFixture app) : ReaderTestBase(app)
{
    private string Card => Market.MarketDay + "/card.png";

    [Fact]
    public async Task The_market_day_unfurls_into_a_large_card_with_its_total()
    {
        var tags = MetaTags(await Client.GetStringAsync(Market.MarketDay));

        Assert.Equal(new Uri(App.BaseAddress, Market.MarketDay).ToString(), tags["og:url"]);
        Assert.Equal(("MarketShock", "summary_large_image"), (tags["og:site_name"], tags["twitter:card"]));
        Assert.Matches(@"^Tracked companies lost \$[\d.]+ (billion|trillion|million) \(−\d+\.\d%\) on \w{3} \d+ \w{3} \d{4}$", tags["og:title"]);
        // What happened comes first when the day is labelled, then the breadth of the fall.
        var label = (await Client.GetJsonAsync("/api" + Market.MarketDay)).GetProperty("label");
        var breadth = label.ValueKind == JsonValueKind.String ? Regex.Escape(label.GetString()!.TrimEnd('.')) + @"\. " : "";
        Assert.Matches($@"^{breadth}\d+ of \d+ companies with a market cap fell", tags["og:description"]);
        Assert.Equal(("image/png", "1200", "630"), (tags["og:image:type"], tags["og:image:width"], tags["og:image:height"]));
        Assert.NotEmpty(tags["og:image:alt"]);
        Assert.Equal(("Change", "Market value"), (tags["twitter:label1"], tags["twitter:label2"]));
        Assert.Matches(@"^−\$\d+(\.\d+)?[MBT]$", tags["twitter:data2"]);

        var image = new Uri(tags["og:image"]);
        Assert.Equal(new Uri(App.BaseAddress, Card).GetLeftPart(UriPartial.Path), image.GetLeftPart(UriPartial.Path));
        using var response = await Client.GetAsync(image);
        Assert.Equal($"\"{image.Query["?v=".Length..]}\"", response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task The_card_is_a_1200_by_630_png_with_the_total_in_red_and_the_bars()
    {
        using var response = await Client.GetAsync(Card);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        using var image = Decode(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal((1200, 630), (image.Width, image.Height));
        Assert.True(DistinctColours(image) > 100);
        Assert.True(Count(image, new SKRectI(60, 130, 900, 260), IsRed) > 10_000, "the total is drawn");
        Assert.True(Count(image, new SKRectI(60, 40, 700, 100), IsDark) > 1_000, "the day is drawn");
        Assert.True(Count(image, new SKRectI(60, 372, 1140, 520), IsRed) > 5_000, "the bars are drawn");
        Assert.True(Count(image, new SKRectI(60, 525, 1140, 562), IsDark) > 500, "the tickers are drawn");
    }

    [Fact]
    public async Task Two_days_give_two_cards_and_an_etag_answers_not_modified()
    {
        using var first = await Client.GetAsync(Card);
        using var other = await Client.GetAsync($"/days/{Market.OtherShockDate:yyyy-MM-dd}/card.png");
        Assert.NotEqual(first.Headers.ETag, other.Headers.ETag);
        Assert.NotEqual(await first.Content.ReadAsByteArrayAsync(), await other.Content.ReadAsByteArrayAsync());

        using var request = new HttpRequestMessage(HttpMethod.Get, Card);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var again = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.True(again.Headers.CacheControl!.Public);
    }

    [Theory]
    [InlineData("/days/1999-01-04/card.png")]
    [InlineData("/days/2025-02-30/card.png")]
    public async Task A_day_without_data_has_no_card(string path)
    {
        using var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
