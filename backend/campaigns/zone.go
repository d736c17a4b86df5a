package campaigns

import "strings"

// zoneOf is the zone a new or edited schedule is read in: its own, else
// the one the user chose for Herald, else "" (the engine's Location).
func (e *Engine) zoneOf(s Schedule) string {
	if zone := strings.TrimSpace(s.TimeZone); zone != "" || e.userZone == nil {
		return zone
	}
	return strings.TrimSpace(e.userZone())
}
