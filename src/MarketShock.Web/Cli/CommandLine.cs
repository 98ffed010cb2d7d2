using System.CommandLine;
using System.Diagnostics;
using MarketShock.Admin;
using MarketShock.Data;
using MarketShock.Imports;
using MarketShock.Market;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Cli;

/// <summary>The verbs of the one executable. Each builds the same services as the site and runs once.</summary>
internal static class CommandLine
{
    private static readonly string[] Verbs = ["migrate", "import", "recompute", "admin", "--help", "-h", "-?", "--version"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static Task<int> RunAsync(string[] args) =>
        Build().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });

    private static RootCommand Build()
    {
        var root = new RootCommand("MarketShock: tech-stock market shocks. With no command, serves the site.");
        root.Subcommands.Add(Migrate());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(Recompute());
        root.Subcommands.Add(Admin());
        return root;
    }

    private static Command Migrate()
    {
        var command = new Command("migrate", "Apply pending database migrations, then exit.");
        command.SetAction((_, ct) => CommandHost.RunAsync((_, _) => Task.FromResult(0), ct));
        return command;
    }

    private static Command Recompute()
    {
        var command = new Command("recompute", "Rebuild every derived figure (daily moves, market days) from the stored prices, then exit.");
        command.SetAction((_, ct) => CommandHost.RunAsync(async (services, _) =>
        {
            var db = services.GetRequiredService<MarketShockDbContext>();
            var stopwatch = Stopwatch.StartNew();
            await ShockAnalytics.RecomputeAllAsync(db, ct);
            Console.WriteLine($"recompute: {await db.DailyMoves.CountAsync(ct)} company-days and {await db.MarketDays.CountAsync(ct)} market and sector days in {stopwatch.Elapsed.TotalSeconds:0.00} s");
            return 0;
        }, ct));
        return command;
    }

    private static Command Admin()
    {
        var email = new Argument<string>("email") { Description = "The new admin's email, used to sign in." };
        var add = new Command("add", "Create an admin. The password comes from MARKETSHOCK_ADMIN_PASSWORD or standard input.") { email };
        add.SetAction((parse, ct) => WithPasswordAsync("admin add", async (users, password) =>
        {
            var result = await AdminAccounts.CreateAsync(users, parse.GetRequiredValue(email), password);
            return (result, $"admin {parse.GetRequiredValue(email)} created", new("admin.created", $"{parse.GetRequiredValue(email)}: a new admin"));
        }, ct));

        var whose = new Argument<string>("email") { Description = "The email of the admin whose password changes." };
        var password = new Command("password",
            "Change an admin's password and end every session of that admin. The new password comes from MARKETSHOCK_ADMIN_PASSWORD or standard input.") { whose };
        password.SetAction((parse, ct) => WithPasswordAsync("admin password", async (users, newPassword) =>
        {
            var result = await AdminAccounts.ChangePasswordAsync(users, parse.GetRequiredValue(whose), newPassword);
            return (result, $"admin {parse.GetRequiredValue(whose)}: password changed; every session of this admin is signed out",
                new("admin.password-changed", $"{parse.GetRequiredValue(whose)}: a new password; every session of this admin ends"));
        }, ct));

        return new Command("admin", "Manage the admins who may upload data.") { add, password };
    }

    /// <summary>What an admin verb did, for the audit.</summary>
    private sealed record Audited(string Action, string Details);

    /// <summary>Reads the password (from MARKETSHOCK_ADMIN_PASSWORD, else a line of standard input) and runs <paramref name="action"/> with it;
    /// its change and its audit entry are committed together.</summary>
    private static Task<int> WithPasswordAsync(string verb,
        Func<UserManager<IdentityUser>, string, Task<(IdentityResult Result, string Done, Audited Audited)>> action,
        CancellationToken ct) => CommandHost.RunAsync(async (services, _) =>
    {
        var password = Environment.GetEnvironmentVariable("MARKETSHOCK_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            if (!Console.IsInputRedirected)
                Console.Error.Write("Password: ");
            password = Console.ReadLine();
        }
        if (string.IsNullOrEmpty(password))
        {
            await Console.Error.WriteLineAsync($"{verb}: no password given (set MARKETSHOCK_ADMIN_PASSWORD or write it to standard input)");
            return 1;
        }
        var db = services.GetRequiredService<MarketShockDbContext>();
        // One retriable unit: a connection lost before the commit runs the change and its entry again.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async attemptCt =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(attemptCt);
            var (result, done, audited) = await action(services.GetRequiredService<UserManager<IdentityUser>>(), password);
            if (!result.Succeeded)
            {
                await Console.Error.WriteLineAsync($"{verb}: {AdminAccounts.Describe(result)}");
                return 1;
            }
            Audit.AddFromCommandLine(db, services.GetRequiredService<TimeProvider>(), audited.Action, audited.Details);
            await db.SaveChangesAsync(attemptCt);
            await transaction.CommitAsync(attemptCt);
            Console.WriteLine(done);
            return 0;
        }, ct);
    }, ct);
}
