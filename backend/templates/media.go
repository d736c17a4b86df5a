package templates

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"herald/backend/apperr"
)

// Media types, as WhatsApp names them.
const (
	MediaImage    = "image"
	MediaVideo    = "video"
	MediaAudio    = "audio"
	MediaDocument = "document"
)

// mediaLimit is WhatsApp's size limit for a media type.
func mediaLimit(kind string) int64 {
	switch kind {
	case MediaImage:
		return 5 << 20
	case MediaVideo, MediaAudio:
		return 16 << 20
	default:
		return 100 << 20
	}
}

// mediaByExt gives the media type of a file extension WhatsApp accepts.
func mediaByExt(ext string) (kind string, ok bool) {
	switch ext {
	case ".jpg", ".jpeg", ".png", ".webp":
		return MediaImage, true
	case ".mp4", ".3gp":
		return MediaVideo, true
	case ".mp3", ".ogg", ".opus", ".aac", ".m4a", ".amr":
		return MediaAudio, true
	case ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".txt", ".csv", ".zip", ".odt", ".ods", ".odp", ".rtf":
		return MediaDocument, true
	}
	return "", false
}

// mediaBySniff types a file whose extension says nothing, by its content.
func mediaBySniff(mime string) string {
	switch mime {
	case "image/jpeg", "image/png", "image/webp":
		return MediaImage
	case "video/mp4":
		return MediaVideo
	case "audio/mpeg", "application/ogg":
		return MediaAudio
	case "application/pdf", "application/zip":
		return MediaDocument
	}
	return ""
}

const acceptedKinds = "a picture (JPG, PNG, WebP), a video (MP4, 3GP), audio (MP3, OGG, OPUS, AAC, M4A, AMR) " +
	"or a document (PDF, Word, Excel, PowerPoint, text, CSV, ZIP)"

// AttachMedia copies the file at path into the data dir and attaches it to
// template id, replacing any earlier attachment. The file must be a kind
// WhatsApp sends and within its size limit for that kind: pictures 5 MB,
// video and audio 16 MB, documents 100 MB.
func (s *Service) AttachMedia(id int64, path string) (Template, error) {
	r, err := s.row(id)
	if err != nil {
		return Template{}, err
	}
	path, err = s.files.Source(path)
	if err != nil {
		return Template{}, err
	}
	kind, err := checkMedia(path)
	if err != nil {
		return Template{}, err
	}
	copied, err := s.copyMedia(path)
	if err != nil {
		return Template{}, err
	}
	err = s.db.Model(&row{}).Where("id = ?", id).
		Updates(map[string]any{"media_path": copied, "media_type": kind, "updated_at": s.now()}).Error
	if err != nil {
		s.removeMediaFile(copied)
		return Template{}, fmt.Errorf("attach %s to template %d: %w", path, id, err)
	}
	s.removeMediaFile(r.MediaPath)
	return s.saved(id, "media attached", "Attached "+escapePercent(filepath.Base(path))+" to template “%s”")
}

// RemoveMedia detaches the file of template id and deletes Herald's copy.
func (s *Service) RemoveMedia(id int64) (Template, error) {
	r, err := s.row(id)
	if err != nil {
		return Template{}, err
	}
	if r.MediaPath == "" {
		return s.Get(id)
	}
	err = s.db.Model(&row{}).Where("id = ?", id).
		Updates(map[string]any{"media_path": "", "media_type": "", "updated_at": s.now()}).Error
	if err != nil {
		return Template{}, fmt.Errorf("remove media of template %d: %w", id, err)
	}
	s.removeMediaFile(r.MediaPath)
	return s.saved(id, "media removed", "Removed the attached file of template “%s”")
}

// checkMedia returns the media type of the file at path, or a plain-language
// reason why WhatsApp would not send it.
func checkMedia(path string) (string, error) {
	name := filepath.Base(path)
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", apperr.Invalid("Herald cannot find the file %s: it may have been moved or deleted.", path)
	}
	if err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	if info.IsDir() {
		return "", apperr.Invalid("%s is a folder: choose a file.", name)
	}
	if info.Size() == 0 {
		return "", apperr.Invalid("“%s” is empty.", name)
	}
	sniffed, err := sniff(path)
	if err != nil {
		return "", err
	}
	kind, byExt := mediaByExt(strings.ToLower(filepath.Ext(name)))
	if !byExt {
		kind = mediaBySniff(sniffed)
	}
	if kind == "" {
		return "", apperr.Invalid("WhatsApp cannot send a file like “%s”. Attach %s.", name, acceptedKinds)
	}
	if limit := mediaLimit(kind); info.Size() > limit {
		return "", apperr.Invalid("“%s” is %s; WhatsApp sends %s of up to %s. Choose a smaller file.",
			name, megabytes(info.Size()), plural(kind), megabytes(limit))
	}
	// A picture that is not one would be refused by WhatsApp at send time.
	if kind == MediaImage && !strings.HasPrefix(sniffed, "image/") {
		return "", apperr.Invalid("“%s” is not a picture Herald can read: save it again as JPG or PNG.", name)
	}
	return kind, nil
}

func sniff(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return http.DetectContentType(head[:n]), nil
}

// copyMedia copies src into the media folder under a new unique name that
// keeps src's name recognisable, and returns the copy's path.
func (s *Service) copyMedia(src string) (string, error) {
	if err := os.MkdirAll(s.mediaDir, 0o700); err != nil {
		return "", fmt.Errorf("create media folder %s: %w", s.mediaDir, err)
	}
	in, err := os.Open(src)
	if err != nil {
		return "", fmt.Errorf("open %s: %w", src, err)
	}
	defer in.Close()
	ext := strings.ToLower(filepath.Ext(src))
	out, err := os.CreateTemp(s.mediaDir, safeStem(strings.TrimSuffix(filepath.Base(src), filepath.Ext(src)))+"-*"+ext)
	if err != nil {
		return "", fmt.Errorf("create copy of %s: %w", src, err)
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(out.Name())
		return "", fmt.Errorf("copy %s into %s: %w", src, s.mediaDir, err)
	}
	return out.Name(), nil
}

// removeMediaFile deletes Herald's copy of an attachment; files outside the
// media folder are never touched.
func (s *Service) removeMediaFile(path string) {
	if path == "" {
		return
	}
	rel, err := filepath.Rel(s.mediaDir, path)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") || filepath.IsAbs(rel) {
		return
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		s.log.Warn("remove template media", "path", path, "err", err)
	}
}

// safeStem keeps letters, digits, - and _ of a file name, at most 40.
func safeStem(name string) string {
	var b strings.Builder
	for _, r := range name {
		if b.Len() >= 40 {
			break
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ' || r == '.':
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "media"
	}
	return b.String()
}

func megabytes(n int64) string {
	mb := float64(n) / (1 << 20)
	if mb == float64(int64(mb)) {
		return fmt.Sprintf("%d MB", int64(mb))
	}
	return fmt.Sprintf("%.1f MB", mb)
}

func plural(kind string) string {
	if kind == MediaImage {
		return "pictures"
	}
	if kind == MediaAudio {
		return "audio files"
	}
	return kind + "s"
}

// escapePercent keeps a file name from being read as a format verb.
func escapePercent(s string) string { return strings.ReplaceAll(s, "%", "%%") }
