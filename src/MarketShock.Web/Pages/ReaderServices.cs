using MarketShock.Market;

namespace MarketShock.Pages;

internal static class ReaderServices
{
    /// <summary>The shock thresholds and the benchmark, validated when the site starts.</summary>
    public static IServiceCollection AddReaderSettings(this IServiceCollection services)
    {
        services.AddOptions<ShockOptions>().BindConfiguration(ShockOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReaderOptions>().BindConfiguration(ReaderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
