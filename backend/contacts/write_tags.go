package contacts

// The writer's part in tags: which tags each written contact carries, kept
// in the tags' bitmaps (internal/tagset).

import "herald/backend/contacts/internal/tagset"

// link records which tags each of cs has in the tags' bitmaps, creating
// tags on first use.
func (w *writer) link(cs []Contact) error {
	var links []tagset.Link
	for _, c := range cs {
		for _, t := range c.Tags {
			tagID, err := w.tags.TagID(t)
			if err != nil {
				return err
			}
			links = append(links, tagset.Link{Tag: tagID, Contact: c.ID})
		}
	}
	return w.tags.Link(links)
}
