package whatsmeow

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	wm "go.mau.fi/whatsmeow"
)

// MessageID is the WhatsApp message ID Herald's message heraldID goes
// with: the shape whatsmeow's GenerateMessageID makes ("3EB0" and 18
// upper-case hex digits), from a hash of Herald's ID instead of the clock
// and chance, so that a retry of the same message carries the same ID and
// its receipts and replies map back to it.
func MessageID(heraldID string) string {
	sum := sha256.Sum256([]byte("herald message " + heraldID))
	return wm.WebMessageIDPrefix + strings.ToUpper(hex.EncodeToString(sum[:9]))
}
