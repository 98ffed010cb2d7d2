using MarketShock.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Serilog;

namespace MarketShock.Admin;

/// <summary>Admins are ordinary Identity users; there is no self-registration, only this and configuration.</summary>
internal static class AdminAccounts
{
    public static async Task<IdentityResult> CreateAsync(UserManager<IdentityUser> users, string email, string password)
    {
        if (await users.FindByEmailAsync(email) is not null)
            return IdentityResult.Failed(new IdentityError { Code = "Exists", Description = $"An admin with the email {email} already exists." });
        return await users.CreateAsync(new IdentityUser { UserName = email, Email = email, EmailConfirmed = true }, password);
    }

    /// <summary>
    /// Sets a new password, checked by every password rule, and a new security stamp: each cookie issued before then is
    /// refused at its next check (<c>MarketShock:Admin:SessionCheckInterval</c>), so every session of the admin ends.
    /// </summary>
    public static async Task<IdentityResult> ChangePasswordAsync(UserManager<IdentityUser> users, string email, string password)
    {
        if (await users.FindByEmailAsync(email) is not { } user)
            return IdentityResult.Failed(new IdentityError { Code = "Unknown", Description = $"No admin has the email {email}." });
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
            errors.AddRange((await validator.ValidateAsync(users, user, password)).Errors);
        if (errors.Count > 0)
            return IdentityResult.Failed([.. errors]);
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        // Saves the hash with the new stamp.
        return await users.UpdateSecurityStampAsync(user);
    }

    /// <summary>
    /// Creates the admin named in MarketShock:Admin:Email / :Password when it does not exist yet, with its audit entry in the
    /// same transaction (as the command line's <c>admin add</c> does).
    /// </summary>
    public static async Task EnsureConfiguredAdminAsync(this IServiceProvider services, IConfiguration configuration, CancellationToken ct)
    {
        var email = configuration["MarketShock:Admin:Email"];
        var password = configuration["MarketShock:Admin:Password"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            return;
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var db = scope.ServiceProvider.GetRequiredService<MarketShockDbContext>();
        var created = await db.Database.CreateExecutionStrategy().ExecuteAsync(async attemptCt =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(attemptCt);
            if (await users.FindByEmailAsync(email) is not null)
                return false;
            try
            {
                var result = await CreateAsync(users, email, password);
                if (!result.Succeeded)
                    throw new InvalidOperationException($"The configured admin {email} could not be created: {Describe(result)}");
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return false; // another instance of the site, starting at the same moment, created it first
            }
            Audit.AddFromConfiguration(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), "admin.created",
                $"{email}: a new admin, from the site's configuration (MarketShock:Admin:Email)");
            await db.SaveChangesAsync(attemptCt);
            await transaction.CommitAsync(attemptCt);
            return true;
        }, ct);
        if (created)
            Log.Information("Created the configured admin {Email}", email);
    }

    public static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}
