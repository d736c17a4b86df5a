package campaigns

import "fmt"

// Count returns how many campaigns there are, the runs of repeating ones
// included.
func (x *API) Count() (int64, error) {
	var n int64
	if err := x.e.db.Model(&row{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count campaigns: %w", err)
	}
	return n, nil
}
