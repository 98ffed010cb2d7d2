namespace MarketShock.Tests.Infrastructure;

/// <summary>A test class over the reader market (<see cref="ReaderData"/>, imported once per database generation) with a client.</summary>
public abstract class ReaderTestBase(AppFixture app) : IAsyncLifetime, IDisposable
{
    protected AppFixture App { get; } = app;

    protected HttpClient Client { get; } = app.CreateClient();

    protected ReaderData.Market Market { get; private set; } = ReaderData.Current;

    public async Task InitializeAsync() => Market = await ReaderData.EnsureAsync(App);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Client.Dispose();
        GC.SuppressFinalize(this);
    }
}
