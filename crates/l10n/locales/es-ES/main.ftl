# vmrescue — mensajes en español.
err-prefix = error
warn-prefix = advertencia
note-prefix = nota
info-title = Imagen de disco
info-format = Formato
info-virtual-size = Tamaño virtual
info-scheme = Tabla de particiones
info-sector-size = Tamaño de sector
info-disk-id = Id. de disco
info-partitions = { $count ->
    [one] { $count } partición
   *[other] { $count } particiones
}
info-col-index = #
info-col-start = Inicio
info-col-size = Tamaño
info-col-fs = Sistema de archivos
info-col-type = Tipo
info-col-label = Etiqueta
info-active = activa
info-windows = Instalación de Windows
info-windows-none = No se encontró ninguna instalación de Windows (no hay \Windows\System32\config\SYSTEM en ningún volumen legible).
info-windows-many = Se encontraron varias instalaciones de Windows: { $count }. Elija una con --partition.
info-bcd = Almacén BCD
info-bcd-none = No se encontró ningún almacén BCD (ni \Boot\BCD ni \EFI\Microsoft\Boot\BCD).
info-bcd-other = Otro almacén BCD
info-bitlocker = La partición { $index } está cifrada con BitLocker: desbloquéela primero.
info-unreadable = No se pudo leer la partición { $index }: { $reason }
info-on-partition = partición { $index }, { $path }
ls-col-name = Nombre
ls-col-size = Tamaño
ls-col-modified = Modificado
ls-dir = <DIR>
stats-read = Se leyeron { $bytes } bytes del origen en { $reads } solicitudes.
err-no-volume = No hay ningún volumen que leer: no se encontró ninguna instalación de Windows y el disco tiene { $count } sistemas de archivos. Elija uno con --partition.
err-no-partition = No hay ninguna partición { $index } en este disco.
err-is-directory = { $path } es un directorio; use `vmrescue ls`.
