using MarketShock.Admin;
using MarketShock.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketShock.Pages.Admin;

/// <summary>Signing out is a POST (from the header's button); a GET shows the button alone.</summary>
public sealed class SignOutModel(SignInManager<IdentityUser> signIn, MarketShockDbContext db) : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await Audit.SaveAsync(db, HttpContext, "sign-out", "signed out");
        await signIn.SignOutAsync();
        return RedirectToPage("/Index");
    }
}
