package connection

import (
	"fmt"
	"time"

	"herald/backend/store"
	"herald/backend/whatsapp"
)

// HistoryEntry is one state change of the connection.
type HistoryEntry struct {
	ID    int64          `json:"id" gorm:"primaryKey"`
	State whatsapp.State `json:"state"`
	At    time.Time      `json:"at"`
	// Detail is the account for "connected", the reason for a drop or
	// failure, or empty.
	Detail string `json:"detail"`
}

// TableName keeps GORM on the table the migrations create.
func (HistoryEntry) TableName() string { return "whatsapp_history" }

// HistoryQuery selects a page of the history.
type HistoryQuery struct {
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// HistoryPage is one page of the history, newest first, and how many
// entries there are in all.
type HistoryPage struct {
	Items []HistoryEntry `json:"items"`
	Total int64          `json:"total"`
}

// maxHistoryLimit caps a page of the history.
const maxHistoryLimit = 1000

// History returns the connection's state changes, newest first.
func (s *Service) History(q HistoryQuery) (HistoryPage, error) {
	q.Offset, q.Limit = store.Window(q.Offset, q.Limit, maxHistoryLimit)
	page := HistoryPage{Items: []HistoryEntry{}}
	if err := s.db.Model(&HistoryEntry{}).Count(&page.Total).Error; err != nil {
		return HistoryPage{}, fmt.Errorf("count WhatsApp history: %w", err)
	}
	err := s.db.Order("id DESC").Offset(q.Offset).Limit(q.Limit).Find(&page.Items).Error
	if err != nil {
		return HistoryPage{}, fmt.Errorf("read WhatsApp history: %w", err)
	}
	return page, nil
}

func (s *Service) addHistory(st whatsapp.State, at time.Time, detail string) error {
	e := HistoryEntry{State: st, At: at.UTC(), Detail: detail}
	if err := s.db.Create(&e).Error; err != nil {
		return fmt.Errorf("add WhatsApp history: %w", err)
	}
	return nil
}
