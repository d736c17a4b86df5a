package whatsmeow_test

import (
	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"
)

// fromContact is a message event from the contact pn in their chat.
func fromContact(pn types.JID, m *waE2E.Message) *events.Message {
	return &events.Message{Info: types.MessageInfo{MessageSource: types.MessageSource{Chat: pn, Sender: pn}}, Message: m}
}

// ignoredMessages are messages Herald has no business showing: the
// account's own, in a group or a status, deletions, edits, and a reaction
// taken back.
func ignoredMessages(pn, group types.JID) []*events.Message {
	text := &waE2E.Message{Conversation: proto.String("not for Herald")}
	own := fromContact(pn, text)
	own.Info.IsFromMe = true
	inGroup := &events.Message{Info: types.MessageInfo{MessageSource: types.MessageSource{Chat: group, Sender: pn, IsGroup: true}}, Message: text}
	status := &events.Message{Info: types.MessageInfo{MessageSource: types.MessageSource{Chat: types.StatusBroadcastJID, Sender: pn, IsGroup: true}}, Message: text}
	edit := fromContact(pn, text)
	edit.IsEdit = true
	return []*events.Message{
		own, inGroup, status, edit,
		fromContact(pn, &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{Type: waE2E.ProtocolMessage_REVOKE.Enum()}}),
		fromContact(pn, &waE2E.Message{ReactionMessage: &waE2E.ReactionMessage{Key: &waCommon.MessageKey{ID: proto.String("x")}, Text: proto.String("")}}),
	}
}

// shownMessages are a contact's messages of other kinds than text, some
// quoting or reacting to quoted.
func shownMessages(pn types.JID, quoted string) []*events.Message {
	quote := &waE2E.ContextInfo{StanzaID: proto.String(quoted)}
	return []*events.Message{
		fromContact(pn, &waE2E.Message{ImageMessage: &waE2E.ImageMessage{Caption: proto.String("Look"), ContextInfo: quote}}),
		fromContact(pn, &waE2E.Message{ImageMessage: &waE2E.ImageMessage{}}),
		fromContact(pn, &waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{FileName: proto.String("invoice.pdf")}}),
		fromContact(pn, &waE2E.Message{AudioMessage: &waE2E.AudioMessage{PTT: proto.Bool(true), ContextInfo: quote}}),
		fromContact(pn, &waE2E.Message{ReactionMessage: &waE2E.ReactionMessage{Key: &waCommon.MessageKey{ID: proto.String(quoted)}, Text: proto.String("👍")}}),
	}
}
