using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SkiaSharp;

namespace MarketShock.Cards;

/// <summary>The cards' shared drawing: a 1200×630 canvas (OpenGraph's large image), the palette, text fitted to a width, PNG out.</summary>
internal sealed class CardCanvas : IDisposable
{
    public const int Width = 1200, Height = 630, Margin = 60;

    public static readonly SKColor Background = new(0xFF, 0xFF, 0xFF), Ink = new(0x11, 0x18, 0x27), Muted = new(0x4B, 0x55, 0x63),
        Rule = new(0xE5, 0xE7, 0xEB), Down = new(0xC6, 0x28, 0x28), Up = new(0x1B, 0x7F, 0x3B), Flat = new(0x4B, 0x55, 0x63),
        Accent = new(0x1D, 0x4E, 0xD8);

    private readonly SKSurface _surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));

    public CardCanvas()
    {
        Canvas.Clear(Background);
    }

    public SKCanvas Canvas => _surface.Canvas;

    public static SKColor ToneColour(int sign) => sign < 0 ? Down : sign > 0 ? Up : Flat;

    /// <summary>The band across the top of every card, in the colour of its move; returns that colour.</summary>
    public SKColor Band(int sign)
    {
        var tone = ToneColour(sign);
        using var band = new SKPaint { Color = tone };
        Canvas.DrawRect(0, 0, Width, 12, band);
        return tone;
    }

    /// <summary>Draws <paramref name="text"/> with its baseline at <paramref name="y"/>, shrunk to <paramref name="maxWidth"/> if needed; returns its width.</summary>
    public float Text(string text, float x, float y, float size, SKColor colour, bool bold = false, float maxWidth = Width - 2 * Margin,
        SKTextAlign align = SKTextAlign.Left)
    {
        using var font = new SKFont(bold ? CardFonts.Bold : CardFonts.Regular, size) { Subpixel = true, Edging = SKFontEdging.Antialias };
        var width = font.MeasureText(text);
        if (width > maxWidth)
        {
            font.Size = size * maxWidth / width;
            width = font.MeasureText(text);
        }
        using var paint = new SKPaint { Color = colour, IsAntialias = true };
        Canvas.DrawText(text, x, y, align, font, paint);
        return width;
    }

    /// <summary>
    /// <paramref name="text"/> broken at spaces into at most <paramref name="maxLines"/> lines of <paramref name="maxWidth"/>, the last cut with
    /// an ellipsis when the text is longer; a word longer than a line is left to <see cref="Text"/> to shrink.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string text, float size, bool bold, float maxWidth, int maxLines)
    {
        var lines = new List<string>();
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var line = "";
        for (var i = 0; i < words.Length; i++)
        {
            var longer = line.Length == 0 ? words[i] : line + " " + words[i];
            if (line.Length == 0 || Measure(longer, size, bold) <= maxWidth)
            {
                line = longer;
                continue;
            }
            if (lines.Count == maxLines - 1)
                return [.. lines, Ellipsis(line + " " + string.Join(' ', words[i..]), size, bold, maxWidth)];
            lines.Add(line);
            line = words[i];
        }
        if (line.Length > 0)
            lines.Add(line);
        return lines;
    }

    private static string Ellipsis(string text, float size, bool bold, float maxWidth)
    {
        const string more = "…";
        var end = text.Length;
        while (end > 1 && Measure(text[..end].TrimEnd() + more, size, bold) > maxWidth)
            end--;
        return text[..end].TrimEnd() + more;
    }

    /// <summary>
    /// Where a card's headline rows sit: the figure, the detail under it, the label lines (<see cref="LabelLines"/>, none on an unlabelled day)
    /// and the top of the chart below them.
    /// </summary>
    public sealed record Layout(float FigureY, float FigureSize, float DetailY, float DetailSize, IReadOnlyList<string> LabelLines, float ChartTop)
    {
        public const float LabelY = 348, LabelSize = 34, LabelLineHeight = 42;
        public const int MaxLabelLines = 2;

        public static Layout For(string? label)
        {
            if (string.IsNullOrWhiteSpace(label))
                return new Layout(250, 150, 330, 54, [], 380);
            var lines = Wrap(label, LabelSize, bold: false, Width - 2 * Margin, MaxLabelLines);
            return new Layout(222, 128, 290, 46, lines, LabelY + LabelLineHeight * (lines.Count - 1) + 32);
        }
    }

    /// <summary>The event label's lines, in ink, where <paramref name="layout"/> puts them.</summary>
    public void Label(Layout layout)
    {
        for (var i = 0; i < layout.LabelLines.Count; i++)
            Text(layout.LabelLines[i], Margin, Layout.LabelY + i * Layout.LabelLineHeight, Layout.LabelSize, Ink);
    }

    public static float Measure(string text, float size, bool bold = false)
    {
        using var font = new SKFont(bold ? CardFonts.Bold : CardFonts.Regular, size);
        return font.MeasureText(text);
    }

    /// <summary>A rounded label such as "approximate", right-aligned at <paramref name="right"/>.</summary>
    public void Badge(string text, float right, float y, float size, SKColor colour)
    {
        var width = Measure(text, size, bold: true);
        var (padX, padY) = (size * 0.6f, size * 0.35f);
        var box = new SKRect(right - width - 2 * padX, y - size - padY, right, y + padY);
        using var border = new SKPaint { Color = colour, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 3 };
        Canvas.DrawRoundRect(box, size * 0.4f, size * 0.4f, border);
        Text(text, box.Left + padX, y - size * 0.12f, size, colour, bold: true);
    }

    public void Line(float x0, float y0, float x1, float y1, SKColor colour, float width = 2)
    {
        using var paint = new SKPaint { Color = colour, IsAntialias = true, StrokeWidth = width, Style = SKPaintStyle.Stroke };
        Canvas.DrawLine(x0, y0, x1, y1, paint);
    }

    /// <summary>
    /// A card's version, the ETag and the og:image address's ?v=: a hash of the drawing's own version and of everything the card shows, so that
    /// a corrected import or label gives a new card and a changed drawing redraws every card.
    /// </summary>
    public static string Version(string drawing, params IEnumerable<object> values)
    {
        var text = drawing + "\n" + string.Join("\n", values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..20];
    }

    public byte[] Png()
    {
        using var image = _surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public void Dispose() => _surface.Dispose();
}
