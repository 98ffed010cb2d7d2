using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketShock.Pages.Days;

public sealed class MarketDayModel : PageModel
{
    public void OnGet()
    {
    }
}
