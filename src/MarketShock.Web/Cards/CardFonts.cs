using SkiaSharp;

namespace MarketShock.Cards;

/// <summary>
/// DejaVu Sans, shipped in the assembly (licence in Cards/Fonts/LICENSE): SkiaSharp's NoDependencies native build
/// finds no system font and would silently draw no text (mono/SkiaSharp#4303).
/// </summary>
internal static class CardFonts
{
    private static readonly Lazy<SKTypeface> RegularFace = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> BoldFace = new(() => Load("DejaVuSans-Bold.ttf"));

    public static SKTypeface Regular => RegularFace.Value;
    public static SKTypeface Bold => BoldFace.Value;

    private static SKTypeface Load(string file)
    {
        using var stream = typeof(CardFonts).Assembly.GetManifestResourceStream("Cards/Fonts/" + file)
            ?? throw new InvalidOperationException($"The font {file} is not embedded in the assembly");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"SkiaSharp cannot read the font {file}");
    }
}
