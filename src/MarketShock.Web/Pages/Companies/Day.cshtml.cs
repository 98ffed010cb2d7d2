using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketShock.Pages.Companies;

public sealed class DayModel : PageModel
{
    public void OnGet()
    {
    }
}
