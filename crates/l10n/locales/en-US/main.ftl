# vmrescue — English messages. Keys are shared by sv-SE and es-ES.
err-prefix = error
warn-prefix = warning
note-prefix = note
info-title = Disk image
info-format = Format
info-virtual-size = Virtual size
info-scheme = Partition table
info-sector-size = Sector size
info-disk-id = Disk id
info-partitions = { $count ->
    [one] { $count } partition
   *[other] { $count } partitions
}
info-col-index = #
info-col-start = Start
info-col-size = Size
info-col-fs = File system
info-col-type = Type
info-col-label = Label
info-active = active
info-windows = Windows installation
info-windows-none = No Windows installation found (no \Windows\System32\config\SYSTEM on any readable volume).
info-windows-many = Several Windows installations found: { $count }. Use --partition to choose one.
info-bcd = BCD store
info-bcd-none = No BCD store found (neither \Boot\BCD nor \EFI\Microsoft\Boot\BCD).
info-bcd-other = Other BCD store
info-bitlocker = Partition { $index } is BitLocker-encrypted: unlock it first.
info-unreadable = Partition { $index } could not be read: { $reason }
info-on-partition = partition { $index }, { $path }
ls-col-name = Name
ls-col-size = Size
ls-col-modified = Modified
ls-dir = <DIR>
stats-read = Read { $bytes } bytes from the source in { $reads } requests.
err-no-volume = No volume to read from: no Windows installation was found and the disk has { $count } file systems. Choose one with --partition.
err-no-partition = There is no partition { $index } on this disk.
err-is-directory = { $path } is a directory; use `vmrescue ls`.
