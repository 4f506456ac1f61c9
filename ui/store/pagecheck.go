package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// checkPages walks a bbolt file's page structure before bbolt reads it:
// bbolt trusts its pages, and a damaged one can send it round a loop of
// pages for ever, or have it build slices from offsets that point into
// Go's heap, which stops the process in a way no recover catches. The walk
// reads the file (ReadAt, never the memory map), visits each page once,
// and checks every page number, element and offset against the file's
// bounds. It follows bbolt v1.4's on-disk format (internal/common): a
// 16-byte page header (id, flags, count, overflow), 16-byte branch and
// leaf elements whose pos is relative to the element, and two meta pages.
func checkPages(f *os.File) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	c := pageChecker{f: f, size: st.Size(), seen: map[uint64]bool{}}
	m, err := c.meta()
	if err != nil {
		return err
	}
	c.pageSize, c.hwm = int64(m.pageSize), m.pgid
	if m.freelist != noFreelist {
		if err := c.freelist(m.freelist); err != nil {
			return err
		}
	}
	return c.tree(m.root, 0)
}

// Page layout constants of bbolt's format.
const (
	pageHeader   = 16
	elementSize  = 16
	branchFlag   = 0x01
	leafFlag     = 0x02
	metaFlag     = 0x04
	freelistFlag = 0x10
	bucketFlag   = 0x01
	boltMagic    = 0xED0CDAED
	boltVersion  = 2
	noFreelist   = ^uint64(0)
	// maxDepth bounds the walk: a B+tree of a few MiB is a few levels
	// deep, and buckets nest two deep in why403's files.
	maxDepth = 64
)

var errPages = errors.New("damaged page structure")

type pageChecker struct {
	f              *os.File
	size, pageSize int64
	hwm            uint64
	seen           map[uint64]bool
}

type metaPage struct {
	pageSize       uint32
	root, freelist uint64
	pgid, txid     uint64
}

// meta is the newer of the two meta pages whose checksum holds.
func (c *pageChecker) meta() (metaPage, error) {
	var best metaPage
	found := false
	for _, off := range []int64{0, -1} {
		if off < 0 {
			if !found {
				// the second meta page sits one page in: its size is
				// the first's, or bbolt's default when the first is bad
				off = 4096
			} else {
				off = int64(best.pageSize)
			}
		}
		buf := make([]byte, pageHeader+64)
		if _, err := c.f.ReadAt(buf, off); err != nil {
			continue
		}
		b := buf[pageHeader:]
		ne := binary.NativeEndian
		if ne.Uint32(b[0:]) != boltMagic || ne.Uint32(b[4:]) != boltVersion {
			continue
		}
		h := fnv.New64a()
		h.Write(b[:56])
		if h.Sum64() != ne.Uint64(b[56:]) {
			continue
		}
		m := metaPage{pageSize: ne.Uint32(b[8:]), root: ne.Uint64(b[16:]), freelist: ne.Uint64(b[32:]), pgid: ne.Uint64(b[40:]), txid: ne.Uint64(b[48:])}
		if !found || m.txid > best.txid {
			best, found = m, true
		}
	}
	switch {
	case !found:
		return best, fmt.Errorf("%w: no valid meta page", errPages)
	case best.pageSize < 512 || best.pageSize > 1<<20 || best.pageSize&(best.pageSize-1) != 0:
		return best, fmt.Errorf("%w: page size %d", errPages, best.pageSize)
	case best.pgid < 2 || int64(best.pgid) > c.size/int64(best.pageSize)+1:
		return best, fmt.Errorf("%w: high water mark %d beyond the file", errPages, best.pgid)
	}
	return best, nil
}

// page reads page id whole (with its overflow), once.
func (c *pageChecker) page(id uint64, flags uint16) ([]byte, error) {
	if id < 2 || id >= c.hwm {
		return nil, fmt.Errorf("%w: page %d outside 2..%d", errPages, id, c.hwm)
	}
	if c.seen[id] {
		return nil, fmt.Errorf("%w: page %d reached twice (a loop)", errPages, id)
	}
	c.seen[id] = true
	head := make([]byte, pageHeader)
	if _, err := c.f.ReadAt(head, int64(id)*c.pageSize); err != nil {
		return nil, fmt.Errorf("%w: page %d: %v", errPages, id, err)
	}
	ne := binary.NativeEndian
	overflow := uint64(ne.Uint32(head[12:]))
	if ne.Uint64(head[0:]) != id || ne.Uint16(head[8:])&flags == 0 || id+overflow >= c.hwm {
		return nil, fmt.Errorf("%w: page %d header", errPages, id)
	}
	for o := uint64(1); o <= overflow; o++ {
		c.seen[id+o] = true
	}
	buf := make([]byte, int64(overflow+1)*c.pageSize)
	if _, err := c.f.ReadAt(buf, int64(id)*c.pageSize); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: page %d: %v", errPages, id, err)
	}
	return buf, nil
}

func (c *pageChecker) freelist(id uint64) error {
	p, err := c.page(id, freelistFlag)
	if err != nil {
		return err
	}
	ne := binary.NativeEndian
	n, start := uint64(ne.Uint16(p[10:])), pageHeader
	if n == 0xFFFF {
		if len(p) < pageHeader+8 {
			return fmt.Errorf("%w: freelist", errPages)
		}
		n, start = ne.Uint64(p[pageHeader:]), pageHeader+8
	}
	if uint64(start)+n*8 > uint64(len(p)) {
		return fmt.Errorf("%w: freelist count %d", errPages, n)
	}
	for i := uint64(0); i < n; i++ {
		if ne.Uint64(p[uint64(start)+i*8:]) >= c.hwm {
			return fmt.Errorf("%w: free page beyond the high water mark", errPages)
		}
	}
	return nil
}

// tree checks the branch or leaf page id and everything beneath it.
func (c *pageChecker) tree(id uint64, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("%w: tree deeper than %d", errPages, maxDepth)
	}
	p, err := c.page(id, branchFlag|leafFlag)
	if err != nil {
		return err
	}
	return c.nodes(p, depth)
}

// nodes checks the elements of one page (p starts with its header).
func (c *pageChecker) nodes(p []byte, depth int) error {
	ne := binary.NativeEndian
	flags, n := ne.Uint16(p[8:]), int(ne.Uint16(p[10:]))
	if pageHeader+n*elementSize > len(p) {
		return fmt.Errorf("%w: %d elements overrun their page", errPages, n)
	}
	for i := 0; i < n; i++ {
		at := pageHeader + i*elementSize
		e := p[at : at+elementSize]
		if flags&branchFlag != 0 {
			pos, ksize := int(ne.Uint32(e[0:])), int(ne.Uint32(e[4:]))
			if at+pos+ksize > len(p) || pos < 0 {
				return fmt.Errorf("%w: branch key out of its page", errPages)
			}
			if err := c.tree(ne.Uint64(e[8:]), depth+1); err != nil {
				return err
			}
			continue
		}
		eflags, pos, ksize, vsize := ne.Uint32(e[0:]), int(ne.Uint32(e[4:])), int(ne.Uint32(e[8:])), int(ne.Uint32(e[12:]))
		end := at + pos + ksize + vsize
		if pos < 0 || ksize < 0 || vsize < 0 || end > len(p) || end < at {
			return fmt.Errorf("%w: leaf element out of its page", errPages)
		}
		if eflags&bucketFlag == 0 {
			continue
		}
		v := p[at+pos+ksize : end]
		if len(v) < 16 {
			return fmt.Errorf("%w: bucket header", errPages)
		}
		if root := ne.Uint64(v[0:]); root != 0 {
			if err := c.tree(root, depth+1); err != nil {
				return err
			}
		} else if len(v) > 16 {
			inline := v[16:]
			if len(inline) < pageHeader || ne.Uint16(inline[8:])&leafFlag == 0 {
				return fmt.Errorf("%w: inline bucket", errPages)
			}
			if err := c.nodes(inline, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkOnce runs checkPages on the open file unless it is the file last
// found sound, unchanged since (called with f.mu held).
func (f *dbFile) checkOnce(fh *os.File) error {
	if fh == nil {
		return nil
	}
	st, err := fh.Stat()
	if err != nil {
		return err
	}
	if c := f.checked; c != nil && os.SameFile(c, st) && c.Size() == st.Size() && c.ModTime().Equal(st.ModTime()) {
		return nil
	}
	if err := checkPages(fh); err != nil {
		return err
	}
	f.checked = st
	return nil
}
