using MarketShock.Pages;

namespace MarketShock.Tests.Pages;

/// <summary>How the pages write numbers: what a reader of a financial site expects to read.</summary>
public sealed class DisplayTests
{
    [Theory]
    [InlineData("-592658000000", "−$592.7B")]
    [InlineData("1030000000000", "$1.03T")]
    [InlineData("999960000000", "$1.00T")] // rounds into the next scale rather than "$1000.0B"
    [InlineData("7339200000000000", "$7,339.20T")] // thousands of trillions grouped, as no real cap reaches
    [InlineData("850000000", "$850.0M")]
    [InlineData("0", "$0")]
    public void Money_is_written_in_billions_and_trillions(string usd, string expected) =>
        Assert.Equal(expected, Display.Money(decimal.Parse(usd, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_gain_carries_a_plus_sign_when_asked_and_none_is_a_dash()
    {
        Assert.Equal("+$12.0B", Display.Money(12e9m, withSign: true));
        Assert.Equal("—", Display.Money((decimal?)null));
        Assert.Equal("$592.7 billion", Display.MoneyInWords(-592_658_000_000m));
    }

    [Theory]
    [InlineData(-16.96816715748142, "−16.97%")]
    [InlineData(3.1, "+3.10%")]
    [InlineData(-0.001, "0.00%")] // rounds to zero: no sign
    public void Percentages_are_signed(double pct, string expected) => Assert.Equal(expected, Display.Percent(pct));

    [Fact]
    public void A_change_says_its_direction_with_an_arrow_as_well_as_a_colour()
    {
        var down = Display.Change(-16.97).ToString()!;
        var up = ((Microsoft.AspNetCore.Html.HtmlString)Display.Change(2.5)).Value!;

        Assert.Contains("class=\"down\"", down, StringComparison.Ordinal);
        Assert.Contains("▼", down, StringComparison.Ordinal);
        Assert.Contains("−16.97%", down, StringComparison.Ordinal);
        Assert.Contains("▲", up, StringComparison.Ordinal);
        Assert.Contains("+2.50%", up, StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_read_as_weekday_day_month_year() => Assert.Equal("Mon 27 Jan 2025", Display.Day(new DateOnly(2025, 1, 27)));

    [Theory]
    [InlineData("NVIDIA Corporation", "NVIDIA")]
    [InlineData("Apple Inc.", "Apple")]
    [InlineData("Advanced Micro Devices, Inc.", "Advanced Micro Devices")]
    [InlineData("Taiwan Semiconductor Manufacturing Company Limited (ADR)", "Taiwan Semiconductor Manufacturing")]
    [InlineData("Alphabet Inc. (Class C)", "Alphabet")]
    [InlineData("Invesco QQQ Trust", "Invesco QQQ Trust")]
    public void Sentences_name_a_company_without_its_legal_form(string name, string expected) => Assert.Equal(expected, Display.ShortName(name));

    [Fact]
    public void Sigma_is_one_decimal_with_a_minus_sign() => Assert.Equal("−5.1σ", Display.Sigma(-5.0518));
}
