using System.Net;
using System.Text.RegularExpressions;
using SkiaSharp;

namespace MarketShock.Tests.Cards;

/// <summary>What a chat client's unfurler reads: the page's meta tags without running script, and the card image itself.</summary>
internal static partial class CardChecks
{
    /// <summary>Every &lt;meta property|name=... content=...&gt; of the page's head, decoded as a crawler decodes them.</summary>
    public static Dictionary<string, string> MetaTags(string html)
    {
        var head = html[..html.IndexOf("</head>", StringComparison.Ordinal)];
        return MetaTag().Matches(head).ToDictionary(m => m.Groups["key"].Value, m => WebUtility.HtmlDecode(m.Groups["content"].Value));
    }

    public static SKBitmap Decode(byte[] png) =>
        SKBitmap.Decode(png) ?? throw new InvalidOperationException("The card is not an image SkiaSharp can decode");

    public static int DistinctColours(SKBitmap image) => image.Pixels.Distinct().Count();

    /// <summary>How many pixels of a region match a test: text drawn there leaves pixels unlike the white background.</summary>
    public static int Count(SKBitmap image, SKRectI region, Func<SKColor, bool> match)
    {
        var count = 0;
        for (var y = region.Top; y < region.Bottom; y++)
        {
            for (var x = region.Left; x < region.Right; x++)
            {
                if (match(image.GetPixel(x, y)))
                    count++;
            }
        }
        return count;
    }

    public static bool IsDark(SKColor c) => c.Red < 90 && c.Green < 90 && c.Blue < 90;

    public static bool IsRed(SKColor c) => c.Red > 150 && c.Green < 90 && c.Blue < 90;

    public static bool IsBlue(SKColor c) => c.Blue > 150 && c.Red < 90;

    [GeneratedRegex("""<meta (?:property|name)="(?<key>[^"]+)" content="(?<content>[^"]*)"\s*/?>""")]
    private static partial Regex MetaTag();
}
