using System.Net;
using MarketShock.Tests.Api;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;
using static MarketShock.Tests.Cards.CardChecks;

namespace MarketShock.Tests.Cards;

/// <summary>A card follows its data: an import that changes what it shows gives a new ETag and a new image (<see cref="ThreeCompanies"/>).</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class CardVersionTests(AppFixture app) : ApiTestBase(app)
{
    private const string Card = "/companies/AAA/2025-01-09/card.png";

    [Fact]
    public async Task Correcting_a_close_changes_the_etag_the_image_and_the_pages_image_address()
    {
        using var before = await Client.GetAsync(Card);
        var image = await before.Content.ReadAsByteArrayAsync();
        var pageImage = MetaTags(await Client.GetStringAsync("/companies/AAA/2025-01-09"))["og:image"];

        // 99 was wrong: AAA closed at 97 on 2025-01-09, a fall of 3% (ΔM −3,000) instead of 1%.
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("AAA.csv", PriceFiles.Prices(ThreeCompanies.Week, 100m, 90m, 100m, 97m, 94.05m))));
        using var request = new HttpRequestMessage(HttpMethod.Get, Card);
        request.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        using var after = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.NotEqual(image, await after.Content.ReadAsByteArrayAsync());
        Assert.NotEqual(pageImage, MetaTags(await Client.GetStringAsync("/companies/AAA/2025-01-09"))["og:image"]);
    }

    [Fact]
    public async Task Importing_the_same_file_again_keeps_the_etag()
    {
        using var before = await Client.GetAsync(Card);

        await App.ImportAsync(Files.Write("AAA.csv", PriceFiles.Prices(ThreeCompanies.Week, 100m, 90m, 100m, 99m, 94.05m)));
        using var request = new HttpRequestMessage(HttpMethod.Get, Card);
        request.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        using var after = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, after.StatusCode);
    }

    [Theory]
    [InlineData("/companies/CCC/2025-01-10/card.png")]
    [InlineData("/companies/AAA/2025-01-06/card.png")]
    [InlineData("/companies/BBB/2025-01-07/card.png")]
    public async Task A_day_without_a_market_cap_a_first_day_and_an_approximate_day_have_cards_too(string card)
    {
        using var response = await Client.GetAsync(card);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var image = Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((1200, 630), (image.Width, image.Height));
        Assert.True(Count(image, new SkiaSharp.SKRectI(60, 130, 900, 260), c => c.Red < 200 || c.Blue < 200) > 5_000, "the headline figure is drawn");
    }

    [Fact]
    public async Task An_approximate_figure_says_so_on_the_card()
    {
        using var exact = Decode(await Client.GetByteArrayAsync("/companies/BBB/2025-01-09/card.png"));
        using var approximate = Decode(await Client.GetByteArrayAsync("/companies/BBB/2025-01-07/card.png"));

        // The badge is drawn right of the figure, where an exact day's card is blank.
        var badge = new SkiaSharp.SKRectI(880, 200, 1140, 262);
        Assert.Equal(0, Count(exact, badge, IsDark));
        Assert.True(Count(approximate, badge, c => c.Red < 150) > 500);
    }
}
